import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { claudeCodeEnvironment, parseAttributes, shellBlock } from './claude-code-setup.ts';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('./meterline.ts', import.meta.url));
const meterline = (...args: string[]) =>
  run(process.execPath, ['--conditions=@meterline/source', cli, ...args], {
    env: { PATH: process.env.PATH },
  });

describe('claudeCodeEnvironment', () => {
  it.each([
    ['grpc', 'http://localhost:4317'],
    ['http/protobuf', 'http://localhost:4318'],
    ['http/json', 'http://localhost:4318'],
  ] as const)('enables telemetry and names the port that speaks %s', (protocol, endpoint) => {
    expect(claudeCodeEnvironment({ protocol })).toEqual({
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    });
  });

  it('percent-encodes resource attribute values', () => {
    const env = claudeCodeEnvironment({ resourceAttributes: { 'team.id': 'a,b=c d' } });
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toBe('team.id=a%2Cb%3Dc%20d');
  });
});

describe('parseAttributes', () => {
  it.each([['=x'], ['no-equals'], ['bad key=x'], ['k,k=x']])('refuses %j', (pair) => {
    expect(() => parseAttributes([pair])).toThrow(/expected key=value/);
  });
});

it('quotes values for a POSIX shell', () => {
  expect(shellBlock({ A: "it's" })).toBe(`export A='it'\\''s'`);
});

describe('meterline claude-code', () => {
  it('prints the block the README gives, with the organization and team from flags', async () => {
    const { stdout } = await meterline('claude-code', '--organization', 'acme', '--team', 'platform');
    expect(stdout).toBe(
      [
        "export CLAUDE_CODE_ENABLE_TELEMETRY='1'",
        "export OTEL_METRICS_EXPORTER='otlp'",
        "export OTEL_LOGS_EXPORTER='otlp'",
        "export OTEL_EXPORTER_OTLP_PROTOCOL='grpc'",
        "export OTEL_EXPORTER_OTLP_ENDPOINT='http://localhost:4317'",
        "export OTEL_RESOURCE_ATTRIBUTES='organization.id=acme,team.id=platform'",
        '',
      ].join('\n'),
    );
  });

  it('prints managed settings for administrators', async () => {
    const { stdout } = await meterline('claude-code', '--settings', '--protocol', 'http/protobuf');
    expect(JSON.parse(stdout)).toEqual({
      env: {
        CLAUDE_CODE_ENABLE_TELEMETRY: '1',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
      },
    });
  });

  it('refuses an unknown protocol with the allowed choices and exit code 2 (misuse)', async () => {
    await expect(meterline('claude-code', '--protocol', 'udp')).rejects.toMatchObject({
      code: 2,
      stderr:
        "error: option '--protocol <protocol>' argument 'udp' is invalid. Allowed choices are grpc, http/protobuf, http/json.\n(add --help for usage)\n",
    });
  });
});
