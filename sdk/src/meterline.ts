import { context, diag, metrics as globalMetrics, propagation, type Tracer, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  ExportResultCode,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { defaultResource, type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  ConsoleMetricExporter,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricReader,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  type Sampler,
  SimpleSpanProcessor,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { metrics, SERVICE_FAMILIES, type ServiceFamily } from './catalog/catalog.ts';
import type { MetricDefinition } from './catalog/define-metric.ts';
import { type MeterlineOptions, type ResolvedConfig, resolveConfig } from './config.ts';
import { installLogger } from './diagnostics.ts';
import type { TraceSettings } from './environment/trace-settings.ts';
import { ConfirmingExporter } from './export/confirming-exporter.ts';
import { DeferredExporter } from './export/deferred-exporter.ts';
import type { ExportObserver } from './export/export-observer.ts';
import { otlpMetricExporter, otlpSpanExporter } from './export/otlp-exporters.ts';
import { PrometheusEndpoint } from './export/prometheus-endpoint.ts';
import { RemoteWriteExporter } from './export/remote-write/remote-write-exporter.ts';
import { RetryingExporter } from './export/retrying-exporter.ts';
import { type InstrumentFor, InstrumentRegistry } from './instruments/registry.ts';
import { startRuntimeMetrics } from './runtime-metrics.ts';
import { SDK_NAME, SDK_VERSION } from './version.ts';

/** The Meterline whose providers are the OpenTelemetry globals, if any. */
let globalsOwner: Meterline | undefined;

/** The typed instruments of a catalog family. */
export type FamilyInstruments<F> = { readonly [P in keyof F]: InstrumentFor<F[P]> };

function instrumentsOf<F extends Record<string, MetricDefinition<string>>>(
  registry: InstrumentRegistry,
  family: F,
): FamilyInstruments<F> {
  return Object.fromEntries(
    Object.entries(family).map(([key, definition]) => [key, registry.instrument(definition)]),
  ) as FamilyInstruments<F>;
}

const noopExporter: PushMetricExporter = {
  export: (_metrics, done) => done({ code: ExportResultCode.SUCCESS }),
  forceFlush: async () => {},
  shutdown: async () => {},
};

/** The typed instruments of every family a service records, by family name. */
export type ServiceInstruments = { readonly [F in ServiceFamily]: FamilyInstruments<(typeof metrics)[F]> };

// The service families' instruments are properties of Meterline (`ml.usage.cost`), one per name in the
// catalog's SERVICE_FAMILIES, assigned in the constructor.
export interface Meterline extends ServiceInstruments {}

/** A running Meterline SDK: typed instruments for every built-in family, export, flush and shutdown. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the constructor assigns every family the interface declares.
export class Meterline {
  readonly config: ResolvedConfig;
  readonly resource: Resource;
  /**
   * The SDK's MeterProvider: OpenTelemetry instrumentations and your own meters report through it, to the
   * same exporter as the typed instruments. Registered globally unless `registerGlobals: false`.
   */
  readonly meterProvider: MeterProvider;
  /** The TracerProvider, when traces are exported. */
  readonly tracerProvider: TracerProvider | undefined;
  /**
   * The tracer the helpers record spans with (a session, a task run), when traces are exported. Spans
   * carry the attributes their metrics do (`session.id`, `task.name`), which is how the two are linked.
   */
  readonly tracer: Tracer | undefined;
  /** With the `prometheus` exporter: the endpoint a scraper pulls from. */
  readonly prometheus: PrometheusEndpoint | undefined;
  private readonly registry = new InstrumentRegistry();
  private readonly reader: MetricReader;
  private readonly exporter: PushMetricExporter & { readonly pendingBatches?: number; stopRetrying?(): void };
  private readonly memory: InMemoryMetricExporter | undefined;
  private readonly stopRuntime: () => void;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: MeterlineOptions = {}) {
    this.config = resolveConfig(options);
    const { config, registry } = this;
    installLogger(config.logLevel, options.logger);
    for (const warning of config.warnings) diag.warn(`@meterline/sdk: ${warning}`);
    this.resource = defaultResource().merge(resourceFromAttributes(config.resourceAttributes));
    this.memory =
      config.exporter === 'memory'
        ? new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
        : undefined;
    this.exporter = this.createExporter(config);
    this.prometheus =
      config.exporter === 'prometheus'
        ? new PrometheusEndpoint({
            ...config.prometheus,
            metricProducers: [registry],
            onScraped: () => registry.commitRetired(),
          })
        : undefined;
    this.reader =
      this.prometheus ??
      new PeriodicExportingMetricReader({
        exporter: new ConfirmingExporter(this.exporter, () => registry.commitRetired()),
        exportIntervalMillis: config.exportIntervalMillis,
        exportTimeoutMillis: Math.min(config.exportTimeoutMillis, config.exportIntervalMillis),
        metricProducers: [registry],
      });
    this.meterProvider = new MeterProvider({ resource: this.resource, readers: [this.reader] });
    this.stopRuntime =
      config.runtimeMetrics && !config.disabled ? startRuntimeMetrics(this.meterProvider) : () => {};
    this.tracerProvider = config.tracesExporter === 'none' ? undefined : this.startTracing(config);
    this.tracer = this.tracerProvider?.getTracer(SDK_NAME, SDK_VERSION);
    if (config.registerGlobals && !config.disabled) this.registerGlobals(config.trace);
    for (const family of SERVICE_FAMILIES)
      Object.defineProperty(this, family, {
        value: instrumentsOf(registry, metrics[family]),
        enumerable: true,
      });
    if (config.flushOnSignals) this.flushOnSignals();
  }

  /** The typed instrument for your own definition (see {@link defineMetric}). */
  instrument<D extends MetricDefinition<string>>(definition: D): InstrumentFor<D> {
    return this.registry.instrument(definition);
  }

  /** Ends a session's series: everything recorded with this `session.id` is exported once more, then freed. */
  releaseSession(sessionId: string): void {
    this.registry.releaseSession(sessionId);
  }

  /** Recordings dropped because a value or attribute was invalid (each also logged, rate-limited). */
  get droppedRecordings(): number {
    return this.registry.diagnostics.dropped;
  }

  /** Batches the exporter holds while its back end is unreachable (never more than two). */
  get pendingExports(): number {
    return this.exporter.pendingBatches ?? 0;
  }

  /** Sessions that still hold series in memory. */
  get liveSessions(): number {
    return this.registry.sessionCount;
  }

  /** Exports everything now. Never rejects; failures are logged. */
  async forceFlush(): Promise<void> {
    try {
      await Promise.all([this.meterProvider.forceFlush(), this.tracerProvider?.forceFlush()]);
    } catch (error) {
      diag.error('@meterline/sdk: flush failed', error);
    }
  }

  /** Exports what is left and stops. Idempotent; never rejects. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.stopRuntime();
      this.exporter.stopRetrying?.();
      if (globalsOwner === this) {
        // Let a later SDK in the same process register its own.
        globalsOwner = undefined;
        globalMetrics.disable();
        trace.disable();
        propagation.disable();
        context.disable();
      }
      try {
        await Promise.all([this.meterProvider.shutdown(), this.tracerProvider?.shutdown()]);
      } catch (error) {
        diag.error('@meterline/sdk: shutdown failed', error);
      }
    })();
    return this.shutdownPromise;
  }

  /** With the `memory` exporter: collects, exports and returns what was exported (empty when nothing was). */
  async collect(): Promise<ResourceMetrics> {
    const memory = this.memory;
    if (memory === undefined) throw new Error('collect() needs the "memory" exporter');
    await this.reader.forceFlush();
    const exported = memory.getMetrics().at(-1);
    memory.reset();
    return exported ?? { resource: this.resource, scopeMetrics: [] };
  }

  private createExporter(config: ResolvedConfig): PushMetricExporter {
    const samples = this.registry.instrument(metrics.exporter.samples);
    const duration = this.registry.instrument(metrics.exporter.duration);
    const observer: ExportObserver = ({ exporter, outcome, samples: count, seconds }) => {
      samples.add(count, { exporter, outcome });
      if (outcome !== 'dropped') duration.record(seconds, { exporter, outcome });
    };
    // A batch is retried no longer than the reader waits for it; the next batch carries its totals.
    const bounds = {
      maxElapsedMillis: config.exportTimeoutMillis,
      flushTimeoutMillis: config.exportTimeoutMillis,
    };
    switch (config.exporter) {
      case 'otlp': {
        const settings = config.otlp.metrics;
        return new RetryingExporter(new DeferredExporter(() => otlpMetricExporter(settings)), {
          ...bounds,
          observer,
          what: `OTLP export (${settings.protocol}) to ${settings.url}`,
        });
      }
      case 'remote-write':
        return new RemoteWriteExporter({ ...bounds, ...config.remoteWrite, observer });
      case 'console':
        return new ConsoleMetricExporter();
      default:
        return this.memory ?? noopExporter;
    }
  }

  private startTracing(config: ResolvedConfig): TracerProvider {
    const { trace: settings } = config;
    const processor: SpanProcessor =
      config.tracesExporter === 'console'
        ? new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })
        : new BatchSpanProcessor({
            ...settings.batch,
            exporter: new DeferredExporter(() => otlpSpanExporter(config.otlp.traces)),
          });
    return new TracerProvider({
      resource: this.resource,
      sampler: samplerOf(settings),
      spanLimits: settings.spanLimits,
      spanProcessors: [processor],
    });
  }

  /** The first SDK in a process owns the globals until it shuts down; a second one leaves them be. */
  private registerGlobals(settings: TraceSettings): void {
    if (globalsOwner !== undefined) return;
    globalsOwner = this;
    globalMetrics.setGlobalMeterProvider(this.meterProvider);
    if (this.tracerProvider !== undefined) trace.setGlobalTracerProvider(this.tracerProvider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const propagators = settings.propagators.map((name) =>
      name === 'tracecontext' ? new W3CTraceContextPropagator() : new W3CBaggagePropagator(),
    );
    propagation.setGlobalPropagator(new CompositePropagator({ propagators }));
  }

  private flushOnSignals(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        // Re-raise once flushed so the process ends as it would have without us.
        void this.shutdown().finally(() => process.kill(process.pid, signal));
      });
    }
  }
}

/** The sampler `OTEL_TRACES_SAMPLER` names. */
function samplerOf({ sampler, samplerRatio }: TraceSettings): Sampler {
  const root =
    sampler === 'always_off' || sampler === 'parentbased_always_off'
      ? new AlwaysOffSampler()
      : sampler === 'traceidratio' || sampler === 'parentbased_traceidratio'
        ? new TraceIdRatioBasedSampler(samplerRatio)
        : new AlwaysOnSampler();
  return sampler.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}

/** Starts the SDK. Call once, early; options override the `OTEL_*` environment variables. */
export function init(options: MeterlineOptions = {}): Meterline {
  return new Meterline(options);
}
