import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DockerfileStage,
  dockerfileStages,
  findCollector,
  replayStage,
  resolvedComposeService,
} from '@meterline/testing';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const composePath = fileURLToPath(new URL('docker-compose.observability.yml', root));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

// Docker does not run here: the image's build stage is replayed in a folder and its output compared
// with the binary every collector test runs (stack/collector/build.sh).
describe('the collector image (stack/collector/Dockerfile), as compose runs it', () => {
  const service = resolvedComposeService(composePath, 'otel-collector');
  const stages = dockerfileStages(
    readFileSync(join(service.build.context, service.build.dockerfile ?? 'Dockerfile'), 'utf8'),
  );
  const image = stages.at(-1) as DockerfileStage;
  const copied = image.steps.find((step) => 'copy' in step && step.fromStage !== undefined);
  if (copied === undefined || !('copy' in copied)) throw new Error('the image copies nothing it built');
  const build = stages.find((stage) => stage.name === copied.fromStage) as DockerfileStage;
  const folder = mkdtempSync(join(tmpdir(), 'collector-image-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('builds with the Go that builds the tested collector, to the same bytes', () => {
    const go = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim().replace(/^go/, '');
    expect(build.from).toMatch(new RegExp(`^golang:${go.replaceAll('.', '\\.')}-`));
    // Go's build cache already holds the tested build, so this takes seconds.
    replayStage(build, service.build.context, folder);
    expect(sha256(join(folder, copied.copy[0] as string))).toBe(sha256(findCollector()));
  }, 600_000);

  it('runs the binary it copies, with the config compose mounts from the repository', () => {
    expect(image.entrypoint).toEqual([copied.to]);
    const config = /^--config=(.+)$/.exec(service.command?.[0] ?? '')?.[1];
    expect(service.volumes).toContain(
      `${fileURLToPath(new URL('otel-collector-config.yaml', root))}:${config}:ro`,
    );
  });
});
