#!/usr/bin/env node
// Makes a fresh clone runnable with nothing but the system Node (20 is enough to run this), npm and apt:
// installs the locked dependencies, which include Node 24 from the npm registry (the `node` package), so
// every npm script after this one runs on node_modules/.bin/node. Written in plain JavaScript because it
// runs before TypeScript-capable Node exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const node24 = join(root, 'node_modules', '.bin', 'node');

const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
if (stale || !existsSync(node24)) {
  // `npm install`, not `npm ci`: the registry reachable here lacks Biome's binaries for other platforms,
  // so npm leaves them out of the lockfile and `npm ci` then refuses it as out of sync. With the lockfile
  // present, `npm install` installs exactly the locked versions.
  console.error('meterline: installing dependencies (npm install)…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const version = execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim();
const major = Number(version.replace(/^v/, '').split('.')[0]);
if (!(major >= 24)) {
  console.error(`meterline: node_modules/.bin/node is ${version}; Node 24 is required. Run: npm install`);
  process.exit(1);
}
