// What `npm install @meterline/sdk` puts on disk: the packed SDK installed into an empty project, for a
// user of the default OTLP http/protobuf or remote write, and for one who adds the gRPC packages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, writeSection } from './harness.ts';

const sdk = fileURLToPath(new URL('../../sdk', import.meta.url));
const GRPC = [
  '@opentelemetry/exporter-metrics-otlp-grpc@^0.301.0',
  '@opentelemetry/exporter-trace-otlp-grpc@^0.301.0',
  '@opentelemetry/otlp-grpc-exporter-base@^0.301.0',
];

/** Bytes of every file under `path`, and the packages among them. */
function measureTree(path: string): { bytes: number; packages: number } {
  let bytes = 0;
  let packages = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    const full = join(entry.parentPath, entry.name);
    if (entry.isFile()) {
      bytes += statSync(full).size;
      if (entry.name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/]+$/.test(entry.parentPath))
        packages++;
    }
  }
  return { bytes, packages };
}

const work = mkdtempSync(join(tmpdir(), 'meterline-size-'));
try {
  execFileSync('npm', ['pack', '--pack-destination', work], { cwd: sdk, stdio: 'pipe' });
  const tarball = join(work, readdirSync(work).find((file) => file.endsWith('.tgz')) as string);
  const rows: string[] = [];
  for (const [user, extra] of [
    ['OTLP http/protobuf or remote write (the default install)', []],
    ['OTLP over gRPC (adds the three optional gRPC packages)', GRPC],
  ] as const) {
    const project = mkdtempSync(join(work, 'project-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', tarball, ...extra], {
      cwd: project,
      stdio: 'pipe',
    });
    const { bytes, packages } = measureTree(join(project, 'node_modules'));
    rows.push(`| ${user} | ${(bytes / 1024 / 1024).toFixed(1)} MB | ${packages} |`);
    console.log(rows.at(-1));
  }
  writeSection(
    'install-size',
    [
      '## Install size',
      '',
      'Command: `npm run bench:install-size -w @meterline/benchmarks`',
      '',
      `Machine: ${machine()}. The packed SDK installed into an empty project; bytes of every file under node_modules.`,
      '',
      '| User | Installed | Packages |',
      '| --- | ---: | ---: |',
      ...rows,
      '',
      'The target of 15 MB for a remote-write-only user is not met. The OpenTelemetry metrics SDK that',
      'every path needs (api, core, resources, sdk-metrics and semantic-conventions) is 12.5 MB of it, of',
      'which semantic-conventions is 9.4 MB, and the OTLP HTTP exporters with their transformer 8.4 MB;',
      'each OpenTelemetry package ships CommonJS, ES modules, declarations and source maps. gRPC (@grpc/grpc-js,',
      'protobufjs and their dependencies) is no longer installed unless asked for.',
    ].join('\n'),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
