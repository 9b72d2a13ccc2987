import { mkdirSync, writeFileSync } from 'node:fs';
import { dashboards, render } from './index.ts';

const folder = new URL('../../stack/grafana/dashboards/', import.meta.url);
mkdirSync(folder, { recursive: true });
for (const { file, json } of dashboards()) {
  writeFileSync(new URL(file, folder), render(json));
  console.log(`wrote stack/grafana/dashboards/${file}`);
}
