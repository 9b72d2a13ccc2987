import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedConnector } from './claude-code-connector.ts';

const target = new URL('../../../otel-collector-config.yaml', import.meta.url);
writeFileSync(target, withGeneratedConnector(readFileSync(target, 'utf8')));
console.log(`wrote ${target.pathname}`);
