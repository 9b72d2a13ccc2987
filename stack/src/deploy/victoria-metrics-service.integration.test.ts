import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freePort } from '@meterline/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvedComposeService } from './stack-checks.ts';

const root = new URL('../../../', import.meta.url);
const composePath = fileURLToPath(new URL('docker-compose.observability.yml', root));
// The release the compose file pins, built from its Go module by testing/victoria-metrics-release.sh.
const release = fileURLToPath(new URL('testing/.bin/victoria-metrics-release', root));

// The image cannot run here; its binary can, with the flags compose gives it.
describe('the victoriametrics service, as compose runs it', () => {
  const service = resolvedComposeService(composePath, 'victoriametrics');
  const data = mkdtempSync(join(tmpdir(), 'vm-service-'));
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('accepts every flag of its command and answers its healthcheck', async () => {
    const port = await freePort();
    const composePort = /^-httpListenAddr=:(\d+)$/
      .exec(service.command?.find((flag) => flag.startsWith('-httpListenAddr=')) ?? '')
      ?.at(1);
    // The addresses and folders that exist here; every other flag as compose resolves it.
    const flags = (service.command ?? []).map((flag) =>
      flag.startsWith('-httpListenAddr=')
        ? `-httpListenAddr=127.0.0.1:${port}`
        : flag.startsWith('-storageDataPath=')
          ? `-storageDataPath=${data}`
          : flag,
    );
    const child = spawn(release, flags, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const healthcheck = service.healthcheck?.test?.at(-1) as string;
      expect(healthcheck).toBe(`http://127.0.0.1:${composePort}/health`);
      const url = healthcheck.replace(`:${composePort}/`, `:${port}/`);
      const body = await eventually(
        async () => {
          if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output}`);
          const response = await fetch(url);
          expect(response.status).toBe(200);
          return response.text();
        },
        { timeoutMillis: 20_000 },
      );
      expect(body).toBe('OK');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
