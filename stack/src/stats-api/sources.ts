import {
  type MetricDefinition,
  prometheusNameVariants,
  type TokenKey,
  USAGE_SOURCE_IDS,
  USAGE_SOURCES,
  type UsageBound,
  type UsageExtra,
  type UsageKeys,
  type UsageMarker,
  type UsageMeasure,
  type UsageSource,
  type UsageSourceId,
  usageLabels,
} from '@meterline/sdk';
import type { Backend } from './backend.ts';
import { ALL_SECONDS } from './params.ts';

// The sources and what each holds are the SDK catalog's usage-source table; this module finds which of
// their series a back end has.
export type SourceId = UsageSourceId;
export const SOURCE_IDS = USAGE_SOURCE_IDS;
export const SOURCES = USAGE_SOURCES;
export type SourceSpec = UsageSource;
export type Measure = UsageMeasure;
export type Extra = UsageExtra;
export type Marker = UsageMarker;
export type Bound = UsageBound;
export type { TokenKey };

/** A source with the series names found in the back end; a missing measure has no name. */
export interface ResolvedSource {
  spec: SourceSpec;
  /** The spec's keys as the labels PromQL sees. */
  labels: Readonly<UsageKeys>;
  names: Partial<Record<Measure | Extra | Marker | Bound, string>>;
}

/** Discovers which sources and series names exist, caching the answer briefly. */
export class SourceResolver {
  private readonly backend: Backend;
  private readonly ttlMillis: number;
  private cached: { at: number; names: Promise<Set<string>> } | undefined;

  constructor(backend: Backend, ttlMillis = 30_000) {
    this.backend = backend;
    this.ttlMillis = ttlMillis;
  }

  async resolve(id: SourceId): Promise<ResolvedSource> {
    const existing = await this.existingNames();
    const spec = SOURCES[id];
    const names: ResolvedSource['names'] = {};
    const entries = [
      ...Object.entries(spec.measures),
      ...Object.entries(spec.extras),
      ...Object.entries(spec.markers),
      ...Object.entries(spec.bounds),
    ] as [Measure | Extra | Marker | Bound, MetricDefinition][];
    for (const [key, definition] of entries) {
      const suffix = definition.kind === 'histogram' ? '_count' : '';
      const found = prometheusNameVariants(definition.name, definition.unit, definition.kind).find((name) =>
        existing.has(`${name}${suffix}`),
      );
      if (found !== undefined) names[key] = found;
    }
    return { spec, labels: usageLabels(spec), names };
  }

  private existingNames(): Promise<Set<string>> {
    const now = Date.now();
    if (this.cached === undefined || now - this.cached.at > this.ttlMillis) {
      const end = now / 1000;
      const names = this.backend.metricNames(end - ALL_SECONDS, end + 3600);
      names.catch(() => {
        this.cached = undefined;
      });
      this.cached = { at: now, names };
    }
    return this.cached.names;
  }
}
