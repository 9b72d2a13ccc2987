import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, describe, expect, it } from 'vitest';

// The package as users get it: built, packed, installed from the tarball into an empty project, imported
// as ES modules by plain Node (no source condition, no TypeScript).

const sdk = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'meterline-pack-'));

describe('the published @meterline/sdk', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs from its tarball and works from dist/', () => {
    // prepack builds dist/.
    execFileSync('npm', ['pack', '--pack-destination', work], { cwd: sdk, stdio: 'pipe' });
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz')) as string;
    writeFileSync(
      join(work, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', `./${tarball}`], { cwd: work, stdio: 'pipe' });
    writeFileSync(
      join(work, 'main.js'),
      `import { init, toPrometheusName } from '@meterline/sdk';
const ml = init({ exporter: 'memory', runtimeMetrics: false, serviceName: 'consumer', env: {} });
ml.streams.opened.add(2, { 'stream.kind': 'logs' });
const [metric] = (await ml.collect()).scopeMetrics[0].metrics;
console.log(JSON.stringify([toPrometheusName(metric.descriptor.name, metric.descriptor.unit, 'counter'), metric.dataPoints[0].value]));
await ml.shutdown();`,
    );
    const output = execFileSync(process.execPath, ['main.js'], { cwd: work, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(['stream_opened_total', 2]);
    const files = execFileSync('tar', ['-tzf', join(work, tarball)], { encoding: 'utf8' }).split('\n');
    expect(files.filter((file) => file.includes('.test.') || file.includes('test-support'))).toEqual([]);
    expect(
      ['package/README.md', 'package/LICENSE', 'package/package.json'].filter((f) => !files.includes(f)),
    ).toEqual([]);
    // Every source map points at a file the package ships. (Regression: the build kept a moved module's
    // stale output in dist/, whose map pointed at a source that no longer exists.)
    const unshipped = files
      .filter((file) => file.endsWith('.js.map'))
      .flatMap((map) => {
        const { sources } = JSON.parse(
          execFileSync('tar', ['-xzOf', join(work, tarball), map], { encoding: 'utf8' }),
        ) as { sources: string[] };
        return sources.map((source) => join(dirname(map), source)).filter((path) => !files.includes(path));
      });
    expect(unshipped).toEqual([]);
  }, 120_000);

  it('passes publint and resolves its types in every mode attw checks (ESM only, by design)', async () => {
    const tarball = readFileSync(
      join(work, readdirSync(work).find((file) => file.endsWith('.tgz')) as string),
    );
    const { messages, pkg } = await publint({
      pack: { tarball: new Uint8Array(tarball).buffer },
      level: 'suggestion',
    });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
    const { problems } = (await checkPackage(createPackageFromTarballData(new Uint8Array(tarball)))) as {
      problems: { kind: string; entrypoint: string; resolutionKind?: string }[];
    };
    // A CommonJS TypeScript project under node16 resolution reaches an ES module: what attw's esm-only
    // profile accepts. node10, node16 (ESM) and bundler resolution must find every entry point's types.
    expect(problems.filter((problem) => problem.kind !== 'CJSResolvesToESM')).toEqual([]);
  });

  // Regression: on Node 20 the SDK crashed at import (undici 8); it now loads, says why, and stays off.
  it("loads on the system's older Node, says it needs 22.19, and sends nothing", () => {
    const old = '/usr/bin/node';
    const version = execFileSync(old, ['--version'], { encoding: 'utf8' }).trim();
    expect(
      Number(version.slice(1).split('.')[0]),
      `${old} is ${version}; this test needs Node 20`,
    ).toBeLessThan(22);
    writeFileSync(
      join(work, 'old-node.js'),
      `import { init } from '@meterline/sdk';
const ml = init({ exporter: 'remote-write', remoteWrite: { url: 'http://127.0.0.1:1/api/v1/write' }, runtimeMetrics: false });
ml.streams.opened.add(2, { 'stream.kind': 'logs' });
await ml.shutdown();
console.log(ml.config.disabled);`,
    );
    const result = spawnSync(old, ['old-node.js'], { cwd: work, encoding: 'utf8' });
    expect([result.status, result.stdout.trim(), result.stderr.trim()]).toEqual([
      0,
      'true',
      `warn: @meterline/sdk: needs Node 22.19.0 or later; this is Node ${version.slice(1)}, so telemetry is off`,
    ]);
  });
});
