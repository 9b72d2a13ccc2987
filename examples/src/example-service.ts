// The example service the local stack runs beside itself: every catalog family exercised in rounds, as
// a shell-and-streams back end would, and an HTTP API measured by OpenTelemetry's HTTP instrumentation;
// exported the standard way (OTEL_EXPORTER_OTLP_ENDPOINT to a collector, or METERLINE_EXPORTER=remote-write
// with METERLINE_REMOTE_WRITE_URL straight to VictoriaMetrics). Stops cleanly on SIGTERM, exporting what
// it recorded.
import { init } from '@meterline/sdk';
import { exerciseHttpApi, startHttpApi } from './http-api.ts';
import { exerciseEveryFamily } from './workload.ts';

const intervalMillis = Number(process.env.METERLINE_EXAMPLE_INTERVAL_SECONDS ?? 5) * 1000;
const service = init({ serviceName: 'shell-api', serviceNamespace: 'example' });
const api = await startHttpApi();

let round = 0;
let running = Promise.resolve();
const tick = () => {
  running = running
    .then(async () => {
      await exerciseHttpApi(api, round);
      await exerciseEveryFamily(service, round++);
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
    await service.shutdown();
    process.exit(0);
  });
}
