import type { InstrumentKind } from '../naming/prometheus-name.ts';

/** Attribute values the SDK accepts; arrays are not supported because Prometheus labels are flat strings. */
export type AttributeValue = string | number | boolean;

/** Attributes restricted to a metric's declared keys, so a wrong key fails at compile time. */
export type Attributes<K extends string> = { readonly [P in K]?: AttributeValue };

/**
 * Who emits a metric: this SDK, a runtime instrumentation package, Claude Code, the stack's components
 * (collector, VictoriaMetrics), or the user's own code.
 */
export type MetricSource = 'meterline' | 'runtime' | 'claude-code' | 'collector' | 'victoriametrics' | 'user';

export interface MetricDefinition<K extends string = string, T extends InstrumentKind = InstrumentKind> {
  /** OpenTelemetry name: lowercase, dotted, no `_total` and no unit words. */
  readonly name: string;
  readonly kind: T;
  /** UCUM unit (`s`, `By`, `1`, `{connection}`, `USD`); '' only for external metrics sent without one. */
  readonly unit: string;
  readonly description: string;
  /** The attribute keys the metric accepts; nothing else is recorded. */
  readonly attributes: readonly K[];
  /** Explicit histogram bucket boundaries in the metric's unit (histograms only). */
  readonly boundaries?: readonly number[];
  readonly source: MetricSource;
}

/** What {@link defineMetric} takes: a definition whose `source` defaults to `'user'`. */
export interface MetricDefinitionInput<K extends string, T extends InstrumentKind>
  extends Omit<MetricDefinition<K, T>, 'source'> {
  /** Default: `'user'`. */
  readonly source?: MetricSource;
}

/** Thrown when a metric is defined wrongly; the message names the metric and the rule it breaks. */
export class MetricDefinitionError extends Error {
  override name = 'MetricDefinitionError';
}

const NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const ATTRIBUTE_KEY = /^[a-z][a-z0-9]*([._][a-z0-9]+)*$/;
const UNIT = /^[\x21-\x7e]{0,63}$/;
const KINDS: readonly InstrumentKind[] = ['counter', 'updowncounter', 'gauge', 'histogram'];

function check(condition: boolean, name: string, problem: string): void {
  if (!condition) throw new MetricDefinitionError(`metric "${name}": ${problem}`);
}

/**
 * Declares a metric. Throws a {@link MetricDefinitionError} when the definition breaks the naming rules,
 * so a mistake surfaces at start-up rather than as a silently missing series.
 */
export function defineMetric<const K extends string, const T extends InstrumentKind>(
  input: MetricDefinitionInput<K, T>,
): MetricDefinition<K, T> {
  const { name, kind, unit, description, attributes, boundaries, source = 'user' } = input;
  check(
    typeof name === 'string' && name.length <= 255 && NAME.test(name),
    String(name),
    'name must be lowercase and dotted, like "queue.wait.duration"',
  );
  const external = source !== 'meterline' && source !== 'user';
  check(
    external || !/(^|[._])total$/.test(name),
    name,
    'name must not end in "total" (the _total suffix is added for counters)',
  );
  check(KINDS.includes(kind), name, `kind must be one of ${KINDS.join(', ')}, got "${String(kind)}"`);
  check(
    typeof unit === 'string' && UNIT.test(unit),
    name,
    `unit "${String(unit)}" must be printable ASCII of at most 63 characters`,
  );
  check(unit !== '' || external, name, 'unit is required ("1" for a plain count)');
  check(typeof description === 'string' && description.trim() !== '', name, 'description is required');
  check(Array.isArray(attributes), name, 'attributes must be an array of keys');
  const seen = new Set<string>();
  for (const key of attributes) {
    check(
      typeof key === 'string' && ATTRIBUTE_KEY.test(key),
      name,
      `attribute key "${String(key)}" must match ${ATTRIBUTE_KEY.source}`,
    );
    check(!seen.has(key), name, `attribute key "${key}" is declared twice`);
    seen.add(key);
  }
  check(
    kind !== 'histogram' || external || boundaries !== undefined,
    name,
    'histograms need explicit boundaries (the SDK defaults are for milliseconds)',
  );
  if (boundaries !== undefined) {
    check(kind === 'histogram', name, 'boundaries apply to histograms only');
    check(
      boundaries.length > 0 &&
        boundaries.every((b, i) => Number.isFinite(b) && (i === 0 || b > (boundaries[i - 1] as number))),
      name,
      'boundaries must be finite and strictly increasing',
    );
  }
  return Object.freeze({
    name,
    kind,
    unit,
    description,
    attributes: Object.freeze([...attributes]),
    ...(boundaries ? { boundaries: Object.freeze([...boundaries]) } : {}),
    source,
  });
}
