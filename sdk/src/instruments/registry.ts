import { emptyResource } from '@opentelemetry/resources';
import type { CollectionResult, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';
import type { MetricDefinition } from '../catalog/define-metric.ts';
import { SESSION_ID } from '../catalog/usage.ts';
import { Diagnostics } from '../diagnostics.ts';
import { SDK_NAME, SDK_VERSION } from '../version.ts';
import type { Cell } from './cell.ts';
import { CellGroups } from './cell-groups.ts';
import { Counter } from './counter.ts';
import { Gauge } from './gauge.ts';
import { Histogram } from './histogram.ts';
import { type Instrument, type InstrumentHost, nowHrTime } from './instrument.ts';
import { UpDownCounter } from './up-down-counter.ts';

/** The typed instrument for a definition, chosen by its kind. */
export type InstrumentFor<D> =
  D extends MetricDefinition<infer K, infer T>
    ? T extends 'counter'
      ? Counter<K>
      : T extends 'updowncounter'
        ? UpDownCounter<K>
        : T extends 'gauge'
          ? Gauge<K>
          : Histogram<K>
    : never;

// Instrument is generic over its cell type; the registry only needs the kind-independent surface.
type AnyInstrument = Instrument<string, Cell>;

export interface RegistryOptions {
  /** How many collections a retired cell is reported in when no export succeeds. Default 5. */
  maxRetiredCollections?: number;
}

/**
 * Owns Meterline's instruments and reports them to an OpenTelemetry MetricReader as a MetricProducer,
 * so bound handles cost a field update and their data still flows through the standard exporters.
 */
export class InstrumentRegistry implements MetricProducer, InstrumentHost {
  readonly diagnostics = new Diagnostics();
  /** Cells by session, so ending a session retires its cells in every instrument. */
  readonly groups = new CellGroups(SESSION_ID);
  private readonly instruments = new Map<string, AnyInstrument>();
  private readonly maxRetiredCollections: number;

  constructor({ maxRetiredCollections = 5 }: RegistryOptions = {}) {
    this.maxRetiredCollections = maxRetiredCollections;
  }

  /**
   * The instrument for a definition. Defining the same name twice returns the same instrument; defining it
   * twice differently throws, because the two would fight over one series.
   */
  instrument<D extends MetricDefinition<string>>(definition: D): InstrumentFor<D> {
    const existing = this.instruments.get(definition.name);
    if (existing !== undefined) {
      if (JSON.stringify(existing.definition) !== JSON.stringify(definition)) {
        throw new Error(`metric "${definition.name}" is already defined differently`);
      }
      return existing as unknown as InstrumentFor<D>;
    }
    const created = this.create(definition);
    this.instruments.set(definition.name, created as unknown as AnyInstrument);
    return created as InstrumentFor<D>;
  }

  /** Retires every cell recorded with this `session.id`: exported once more, then freed. */
  releaseSession(sessionId: string): void {
    this.groups.retire(sessionId);
  }

  /** Number of live sessions indexed; used by tests and the memory benchmark. */
  get sessionCount(): number {
    return this.groups.size;
  }

  async collect(): Promise<CollectionResult> {
    const endTime = nowHrTime();
    const metrics: MetricData[] = [];
    for (const instrument of this.instruments.values()) {
      const data = instrument.collect(endTime, this.maxRetiredCollections);
      if (data !== undefined) metrics.push(data);
    }
    return {
      // The reader keeps its own resource and only takes the scope metrics from producers.
      resourceMetrics: {
        resource: emptyResource(),
        scopeMetrics:
          metrics.length === 0 ? [] : [{ scope: { name: SDK_NAME, version: SDK_VERSION }, metrics }],
      },
      errors: [],
    };
  }

  /** After a successful export: frees the retired cells it carried. */
  commitRetired(): void {
    for (const instrument of this.instruments.values()) instrument.commitRetired();
  }

  private create(definition: MetricDefinition<string>): unknown {
    switch (definition.kind) {
      case 'counter':
        return new Counter(definition, this);
      case 'updowncounter':
        return new UpDownCounter(definition, this);
      case 'gauge':
        return new Gauge(definition, this);
      case 'histogram':
        return new Histogram(definition, this);
    }
  }
}
