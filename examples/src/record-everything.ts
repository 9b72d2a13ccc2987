// Records every catalog family through the SDK, then prints what was exported as the Prometheus series
// it becomes.
import { catalog, init, toPrometheusName } from '@meterline/sdk';
import { exerciseEveryFamily } from './workload.ts';

const ml = init({ serviceName: 'record-everything', serviceNamespace: 'examples', exporter: 'memory' });
await exerciseEveryFamily(ml);
const exported = await ml.collect();
await ml.shutdown();

const definitions = new Map(catalog.map((definition) => [definition.name, definition]));
console.log(`Exported by ${exported.resource.attributes['service.name']}:`);
for (const metric of exported.scopeMetrics.flatMap((scope) => scope.metrics)) {
  const definition = definitions.get(metric.descriptor.name);
  const series = definition
    ? toPrometheusName(definition.name, definition.unit, definition.kind)
    : '(not in catalog)';
  const first = metric.dataPoints[0]?.value;
  const value =
    typeof first === 'number' ? first : `count=${(first as { count: number } | undefined)?.count}`;
  console.log(
    `  ${metric.descriptor.name.padEnd(38)} → ${series.padEnd(46)} ${String(metric.dataPoints.length).padStart(2)} point(s), first: ${value}`,
  );
}
