import { readFileSync } from 'node:fs';

/** The captured Claude Code sessions in testing/fixtures/claude-code. */
export const CLAUDE_CODE_PAYLOADS = ['apikey-default', 'with-resource-attributes'] as const;
export type ClaudeCodePayload = (typeof CLAUDE_CODE_PAYLOADS)[number];

const TIME = /"(timeUnixNano|startTimeUnixNano|observedTimeUnixNano)": "(\d+)"/g;

/** One captured OTLP/HTTP JSON body, as text. */
export function claudeCodePayload(name: ClaudeCodePayload, signal: 'metrics' | 'logs'): string {
  return readFileSync(new URL(`../../fixtures/claude-code/${name}-${signal}.json`, import.meta.url), 'utf8');
}

/**
 * Posts a captured session's metrics and logs to a collector's OTLP/HTTP endpoint, every time moved by
 * the same amount so that the newest lies at `nowMillis`. Throws unless the collector accepts both.
 */
export async function replayClaudeCodePayload(
  httpEndpoint: string,
  name: ClaudeCodePayload,
  nowMillis = Date.now() - 5000,
): Promise<void> {
  const bodies = { metrics: claudeCodePayload(name, 'metrics'), logs: claudeCodePayload(name, 'logs') };
  const times = [...`${bodies.metrics}${bodies.logs}`.matchAll(TIME)].map((m) => BigInt(m[2] as string));
  // biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigint, and nanoseconds need it.
  const shift = BigInt(nowMillis) * 1_000_000n - times.reduce((a, b) => (a > b ? a : b));
  for (const [signal, body] of Object.entries(bodies)) {
    const response = await fetch(`${httpEndpoint}/v1/${signal}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body.replace(TIME, (_m, field, time) => `"${field}": "${BigInt(time) + shift}"`),
    });
    if (response.status !== 200)
      throw new Error(`collector refused ${name} ${signal}: ${response.status} ${await response.text()}`);
  }
}
