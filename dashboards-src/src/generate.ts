import { mkdirSync, writeFileSync } from 'node:fs';
import { dashboards, render, vmuiDashboards } from './index.ts';

const grafana = new URL('../../stack/grafana/dashboards/', import.meta.url);
const vmui = new URL('../../stack/vmui/dashboards/', import.meta.url);
for (const folder of [grafana, vmui]) mkdirSync(folder, { recursive: true });
for (const { file, json } of dashboards()) {
  writeFileSync(new URL(file, grafana), render(json));
  console.log(`wrote stack/grafana/dashboards/${file}`);
}
for (const { file, json } of vmuiDashboards()) {
  writeFileSync(new URL(file, vmui), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote stack/vmui/dashboards/${file}`);
}
