import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ComposeService,
  freePort,
  Jaeger,
  outputTail,
  resolvedComposeService,
  untilReady,
} from '@meterline/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../../', import.meta.url);
const composePath = fileURLToPath(new URL('docker-compose.observability.yml', root));
// The releases the compose file pins, built from their Go module by stack/victoria-metrics/build.sh.
const release = (name: string) => fileURLToPath(new URL(`stack/victoria-metrics/bin/${name}-release`, root));
const vmService = resolvedComposeService(composePath, 'victoriametrics');
const vmalertService = resolvedComposeService(composePath, 'vmalert');
const data = mkdtempSync(join(tmpdir(), 'compose-services-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
});

/** A flag's value in a compose command (`-name=value`). */
const flag = (service: ComposeService, name: string) =>
  service.command?.find((arg) => arg.startsWith(`-${name}=`))?.slice(name.length + 2);

/**
 * Starts `binary` with the service's compose command, `replace` giving the value for flags that name
 * addresses or paths of the container, and waits until its healthcheck URL (on `port`) answers OK.
 * Both binaries exit on a flag they do not know.
 */
async function startAsCompose(
  binary: string,
  service: ComposeService,
  replace: Record<string, string>,
  port: number,
  composePort: string,
): Promise<string> {
  const args = (service.command ?? []).map((arg) => {
    const name = /^-([^=]+)=/.exec(arg)?.[1] ?? '';
    return name in replace ? `-${name}=${replace[name]}` : arg;
  });
  const extra = Object.entries(replace)
    .filter(([name]) => flag(service, name) === undefined)
    .map(([name, value]) => `-${name}=${value}`);
  const child = spawn(binary, [...args, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const healthcheck = service.healthcheck?.test?.at(-1) as string;
  expect(healthcheck).toBe(`http://127.0.0.1:${composePort}/health`);
  const url = `http://127.0.0.1:${port}`;
  let body = '';
  await untilReady(
    child,
    binary,
    outputTail(child),
    async () => {
      const response = await fetch(`${url}/health`);
      expect(response.status).toBe(200);
      body = await response.text();
    },
    { timeoutMillis: 20_000 },
  );
  expect(body).toBe('OK');
  return url;
}

// The images cannot run here; the binaries of their release can, with the flags compose gives them.
describe('victoriametrics and vmalert, as compose runs them', () => {
  it('pins both images at one release', () => {
    const tag = (service: ComposeService) => service.image?.split(':')[1];
    expect(tag(vmalertService)).toBe(tag(vmService));
  });

  it('start with every flag of their commands, answer their healthchecks, and vmalert loads every rule', async () => {
    const vmPort = await freePort();
    const vmUrl = await startAsCompose(
      release('victoria-metrics'),
      vmService,
      { httpListenAddr: `127.0.0.1:${vmPort}`, storageDataPath: data },
      vmPort,
      /:(\d+)$/.exec(flag(vmService, 'httpListenAddr') ?? '')?.[1] ?? '',
    );

    const rules = vmalertService.volumes?.find((volume) => volume.includes(':/etc/vmalert/'));
    const [rulesSource = '', rulesTarget] = rules?.split(':') ?? [];
    expect(flag(vmalertService, 'rule')).toBe(rulesTarget);
    const vmalertPort = await freePort();
    // vmalert listens on its default port (8880) in compose; here on a free one.
    const vmalertUrl = await startAsCompose(
      release('vmalert'),
      vmalertService,
      {
        rule: rulesSource,
        'datasource.url': vmUrl,
        'remoteWrite.url': vmUrl,
        'remoteRead.url': vmUrl,
        httpListenAddr: `127.0.0.1:${vmalertPort}`,
      },
      vmalertPort,
      '8880',
    );
    const loaded = (await (await fetch(`${vmalertUrl}/api/v1/rules`)).json()) as {
      data: { groups: { name: string; rules: { name: string }[] }[] };
    };
    const declared = parse(readFileSync(rulesSource, 'utf8')) as {
      groups: { name: string; rules: { record: string }[] }[];
    };
    // vmalert lists groups by name.
    const names = (groups: { name: string; rules: { name?: string; record?: string }[] }[]) =>
      groups
        .map((group) => [group.name, group.rules.map((rule) => rule.name ?? rule.record)])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(names(loaded.data.groups)).toEqual(names(declared.groups));
  });
});

describe('victorialogs and jaeger, as compose runs them', () => {
  it('victorialogs starts with every flag of its command and answers its healthcheck', async () => {
    const service = resolvedComposeService(composePath, 'victorialogs');
    const port = await freePort();
    await startAsCompose(
      fileURLToPath(new URL('stack/victoria-logs/bin/victoria-logs-release', root)),
      service,
      { httpListenAddr: `127.0.0.1:${port}`, storageDataPath: join(data, 'logs') },
      port,
      /:(\d+)$/.exec(flag(service, 'httpListenAddr') ?? '')?.[1] ?? '',
    );
  });

  it('jaeger runs the mounted configuration, healthy where the healthcheck asks', async () => {
    const service = resolvedComposeService(composePath, 'jaeger');
    const mount = service.volumes?.find((volume) => volume.includes(':/etc/jaeger/'));
    const [source = '', target] = mount?.split(':') ?? [];
    expect(service.command).toEqual([`--config=${target}`]);
    // The config's defaults are compose's ports; here every address moves to a free port on 127.0.0.1.
    const config = readFileSync(fileURLToPath(new URL(source, root)), 'utf8');
    const health = /JAEGER_HEALTH_ENDPOINT:-0\.0\.0\.0:(\d+)/.exec(config)?.[1];
    expect(service.healthcheck?.test?.at(-1)).toBe(`http://127.0.0.1:${health}/status`);
    const query = /JAEGER_QUERY_HTTP_ENDPOINT:-0\.0\.0\.0:(\d+)/.exec(config)?.[1];
    expect(service.ports).toContain(`127.0.0.1:${query}:${query}/tcp`);
    const jaeger = await Jaeger.start();
    try {
      expect(await (await fetch(`${jaeger.url}/api/services`)).json()).toMatchObject({ data: null });
    } finally {
      await jaeger.stop();
    }
  });
});
