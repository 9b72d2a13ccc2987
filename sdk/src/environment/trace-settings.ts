import { type Environment, read, readFirst } from './otel-variables.ts';

export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** The propagators bundled with the SDK; `none` turns propagation off. */
export const PROPAGATORS = ['tracecontext', 'baggage'] as const;
export type PropagatorName = (typeof PROPAGATORS)[number];

/** How spans are sampled, propagated, limited and batched. */
export interface TraceSettings {
  sampler: SamplerName;
  /** The ratio of the ratio-based samplers, from 0 to 1. */
  samplerRatio: number;
  propagators: PropagatorName[];
  spanLimits: {
    attributeValueLengthLimit?: number;
    attributeCountLimit?: number;
    eventCountLimit?: number;
    linkCountLimit?: number;
    attributePerEventCountLimit?: number;
    attributePerLinkCountLimit?: number;
  };
  batch: {
    scheduledDelayMillis?: number;
    exportTimeoutMillis?: number;
    maxQueueSize?: number;
    maxExportBatchSize?: number;
  };
}

/** Reads the trace variables of the specification from `env`; a bad value is a warning and the default. */
export function traceSettings(env: Environment, warnings: string[]): TraceSettings {
  const count = (...names: string[]): number | undefined => {
    const found = readFirst(env, ...names);
    if (found === undefined) return undefined;
    const value = Number(found[1]);
    if (Number.isInteger(value) && value >= 0) return value;
    warnings.push(`${found[0]}="${found[1]}" is not a non-negative integer; ignored`);
    return undefined;
  };
  const defined = <T extends object>(entries: T): T =>
    Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as T;

  return {
    sampler: sampler(env, warnings),
    samplerRatio: ratio(env, warnings),
    propagators: propagators(env, warnings),
    spanLimits: defined({
      attributeValueLengthLimit: count(
        'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
        'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
      ),
      attributeCountLimit: count('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT'),
      eventCountLimit: count('OTEL_SPAN_EVENT_COUNT_LIMIT'),
      linkCountLimit: count('OTEL_SPAN_LINK_COUNT_LIMIT'),
      attributePerEventCountLimit: count('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT'),
      attributePerLinkCountLimit: count('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT'),
    }),
    batch: defined({
      scheduledDelayMillis: count('OTEL_BSP_SCHEDULE_DELAY'),
      exportTimeoutMillis: count('OTEL_BSP_EXPORT_TIMEOUT'),
      maxQueueSize: count('OTEL_BSP_MAX_QUEUE_SIZE'),
      maxExportBatchSize: count('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
    }),
  };
}

function sampler(env: Environment, warnings: string[]): SamplerName {
  const name = read(env, 'OTEL_TRACES_SAMPLER');
  if (name === undefined) return 'parentbased_always_on';
  if ((SAMPLERS as readonly string[]).includes(name)) return name as SamplerName;
  warnings.push(
    `OTEL_TRACES_SAMPLER="${name}" is not supported (${SAMPLERS.join(', ')}); using parentbased_always_on`,
  );
  return 'parentbased_always_on';
}

function ratio(env: Environment, warnings: string[]): number {
  const text = read(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (text === undefined) return 1;
  const value = Number(text);
  if (value >= 0 && value <= 1) return value;
  warnings.push(`OTEL_TRACES_SAMPLER_ARG="${text}" is not a ratio from 0 to 1; using 1`);
  return 1;
}

function propagators(env: Environment, warnings: string[]): PropagatorName[] {
  const text = read(env, 'OTEL_PROPAGATORS');
  if (text === undefined) return [...PROPAGATORS];
  const names = [...new Set(text.split(',').map((name) => name.trim()))].filter((name) => name !== '');
  if (names.includes('none')) return [];
  const unknown = names.filter((name) => !(PROPAGATORS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    warnings.push(
      `OTEL_PROPAGATORS: ${unknown.join(', ')} not bundled (tracecontext, baggage, none); skipped`,
    );
  }
  return names.filter((name): name is PropagatorName => (PROPAGATORS as readonly string[]).includes(name));
}
