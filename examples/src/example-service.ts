// The example service the local stack runs beside itself: every catalog family exercised in rounds, as
// a shell-and-streams back end would, and an HTTP API measured by OpenTelemetry's HTTP instrumentation;
// exported the standard way (OTEL_EXPORTER_OTLP_ENDPOINT to a collector, or METERLINE_EXPORTER=remote-write
// with METERLINE_REMOTE_WRITE_URL straight to VictoriaMetrics). Stops cleanly on SIGTERM, exporting what
// it recorded.
import { init } from '@meterline/sdk';
import { exerciseHttpApi, startHttpApi } from './http-api.ts';
import { sessionEvents } from './session-events.ts';
import { exerciseEveryFamily } from './workload.ts';

const intervalMillis = Number(process.env.METERLINE_EXAMPLE_INTERVAL_SECONDS ?? 5) * 1000;
const service = init({ serviceName: 'shell-api', serviceNamespace: 'example' });
const api = await startHttpApi();
// Events need an OTLP endpoint (the collector); straight to VictoriaMetrics there is nowhere to keep them.
const events = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? sessionEvents('shell-api') : undefined;

let round = 0;
let running = Promise.resolve();
const tick = () => {
  running = running
    .then(async () => {
      await exerciseHttpApi(api, round);
      const { sessionIds } = await exerciseEveryFamily(service, round);
      for (const sessionId of sessionIds) events?.emit(sessionId, 'session_round', { round });
      round++;
    })
    .catch((error: Error) => console.error(`example round failed: ${error.message}`));
};
tick();
const timer = setInterval(tick, intervalMillis);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    clearInterval(timer);
    await running;
    await api.close();
    await events?.shutdown();
    await service.shutdown();
    process.exit(0);
  });
}
