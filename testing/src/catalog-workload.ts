import {
  type Meterline,
  type MetricDefinition,
  metrics,
  SERVICE_FAMILIES,
  toPrometheusName,
} from '@meterline/sdk';
import type { ExportedSeries } from './victoria-metrics.ts';

// A deterministic recording of every built-in Meterline instrument, and the exact series it must become,
// for the tests that compare what arrives in VictoriaMetrics on each path.

const definitions = SERVICE_FAMILIES.flatMap(
  (family) => Object.values(metrics[family]) as MetricDefinition[],
);
const HISTOGRAM_VALUES = [0.5, 2, 3, 1_000_000];

/** `name{label=value,…}` with labels sorted, the key both expectations and exports are compared by. */
function key(name: string, labels: Record<string, string>): string {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  return `${name}{${sorted.map(([k, v]) => `${k}=${v}`).join(',')}}`;
}

interface AnyInstrument {
  add?(value: number, attributes: object): void;
  set?(value: number, attributes: object): void;
  record?(value: number, attributes: object): void;
  bind(attributes: object): { add?(value: number): void };
}

/**
 * Records fixed values into every built-in instrument (bound and unbound) and returns the last value
 * each series must have, keyed by name and labels without job and instance. Labels are written out
 * independently of the SDK's sanitizer: dots become underscores.
 */
export function recordEveryInstrument(meterline: Meterline): Record<string, number> {
  const expected: Record<string, number> = {};
  for (const definition of definitions) {
    const instrument = meterline.instrument(definition) as unknown as AnyInstrument;
    const attributes = Object.fromEntries(definition.attributes.map((k) => [k, `v-${k}`]));
    const labels = Object.fromEntries(definition.attributes.map((k) => [k.replaceAll('.', '_'), `v-${k}`]));
    const base = toPrometheusName(definition.name, definition.unit, definition.kind);
    switch (definition.kind) {
      case 'counter':
        instrument.add?.(3, attributes);
        instrument.bind(attributes).add?.(4.5);
        expected[key(base, labels)] = 7.5;
        break;
      case 'updowncounter':
        instrument.add?.(5, attributes);
        instrument.bind(attributes).add?.(-2);
        expected[key(base, labels)] = 3;
        break;
      case 'gauge':
        instrument.set?.(1, attributes);
        instrument.set?.(42.25, attributes);
        expected[key(base, labels)] = 42.25;
        break;
      case 'histogram':
        for (const value of HISTOGRAM_VALUES) instrument.record?.(value, attributes);
        for (const boundary of definition.boundaries ?? []) {
          expected[key(`${base}_bucket`, { ...labels, le: String(boundary) })] = HISTOGRAM_VALUES.filter(
            (v) => v <= boundary,
          ).length;
        }
        expected[key(`${base}_bucket`, { ...labels, le: '+Inf' })] = HISTOGRAM_VALUES.length;
        expected[key(`${base}_sum`, labels)] = HISTOGRAM_VALUES.reduce((a, b) => a + b, 0);
        expected[key(`${base}_count`, labels)] = HISTOGRAM_VALUES.length;
        break;
    }
  }
  return expected;
}

/** The last value of each exported series, keyed as {@link recordEveryInstrument} keys them. */
export function lastValues(series: readonly ExportedSeries[]): Record<string, number> {
  return Object.fromEntries(
    series.map((s) => {
      const { __name__, job: _job, instance: _instance, ...labels } = s.metric;
      return [key(__name__ as string, labels), s.values.at(-1) as number];
    }),
  );
}
