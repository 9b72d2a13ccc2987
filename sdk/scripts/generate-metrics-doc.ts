import { writeFileSync } from 'node:fs';
import { renderMetricsDoc } from './metrics-doc.ts';

const target = new URL('../../docs/metrics.md', import.meta.url);
writeFileSync(target, renderMetricsDoc());
console.log(`wrote ${target.pathname}`);
