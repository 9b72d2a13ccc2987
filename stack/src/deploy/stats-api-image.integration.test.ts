import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DockerfileStage,
  dockerfileStages,
  freePort,
  outputTail,
  replayStage,
  resolvedComposeService,
  untilReady,
  VictoriaMetrics,
} from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const composePath = fileURLToPath(new URL('../../../docker-compose.observability.yml', import.meta.url));

// Docker does not run here: the image's last stage is replayed in a folder (COPY, then `npm install
// --omit=dev`) and started the way compose starts it, against a real VictoriaMetrics.
describe('the stats API image (stack/Dockerfile), as compose runs it', () => {
  const service = resolvedComposeService(composePath, 'stats-api');
  const command = service.command ?? [];
  const root = mkdtempSync(join(tmpdir(), 'stats-api-image-'));
  let stage: DockerfileStage;
  let vm: VictoriaMetrics;

  beforeAll(async () => {
    const dockerfile = readFileSync(
      join(service.build.context, service.build.dockerfile ?? 'Dockerfile'),
      'utf8',
    );
    stage = dockerfileStages(dockerfile).at(-1) as DockerfileStage;
    // Offline first: the npm cache already holds every package the repository's own install fetched.
    replayStage(stage, service.build.context, root, { ...process.env, npm_config_prefer_offline: 'true' });
    vm = await VictoriaMetrics.start();
  }, 120_000);
  afterAll(async () => {
    await vm?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs the Node major the repository is tested with', () => {
    expect(stage.from).toMatch(new RegExp(`^node:${process.versions.node.split('.')[0]}\\.`));
    expect(stage.entrypoint[0]).toBe('node');
  });

  // Regression: the image exited at start with ERR_MODULE_NOT_FOUND, because the CLI loaded the local
  // stack (the test harness, the example service), which the image does not copy, for every command.
  it('starts with only what it copies, passes its healthcheck, and stops cleanly on SIGTERM', async () => {
    // Compose's command, with the addresses that exist here.
    const args = command.map((arg) =>
      arg.startsWith('--host=')
        ? '--host=127.0.0.1'
        : arg.startsWith('--port=')
          ? '--port=0'
          : arg.startsWith('--backend-url=')
            ? `--backend-url=${vm.url}`
            : arg,
    );
    const composePort = command.find((arg) => arg.startsWith('--port='))?.slice('--port='.length);
    const collector = `http://127.0.0.1:${await freePort()}`;
    const child = spawn(process.execPath, [...stage.entrypoint.slice(1), ...args], {
      cwd: join(root, stage.workdir),
      env: { PATH: process.env.PATH, ...service.environment, OTEL_EXPORTER_OTLP_ENDPOINT: collector },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = outputTail(child);
    try {
      const exited = once(child, 'exit');
      let url = '';
      await untilReady(child, 'the stats API image', output, async () => {
        url = /on (http:\/\/\S+)/.exec(output())?.[1] ?? '';
        if (url === '') throw new Error('not listening yet');
      });

      const health = await fetch(`${url}/api/health`);
      const body = (await health.json()) as { backend: { up: boolean } };
      expect([health.status, body.backend.up]).toEqual([200, true]);
      const session = await fetch(`${url}/api/stats/session/none`);
      expect([session.status, session.headers.get('content-type')]).toEqual([404, 'application/json']);

      const [, , , script] = service.healthcheck?.test ?? [];
      expect(script).toContain(`http://127.0.0.1:${composePort}/api/health`);
      const probe = (script as string).replace(`:${composePort}/`, `:${new URL(url).port}/`);
      execFileSync(process.execPath, ['-e', probe], { timeout: 3000 });

      // Compose waits 10 s after SIGTERM before it kills.
      const stopped = Date.now();
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
      expect(Date.now() - stopped).toBeLessThan(10_000);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
