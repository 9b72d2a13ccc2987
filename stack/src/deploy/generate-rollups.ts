import { writeFileSync } from 'node:fs';
import { rollupsYaml } from './rollups.ts';

const target = new URL('../../vmalert/rollups.yml', import.meta.url);
writeFileSync(target, rollupsYaml());
console.log(`wrote ${target.pathname}`);
