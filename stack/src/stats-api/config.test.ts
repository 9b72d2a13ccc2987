import { describe, expect, it } from 'vitest';
import { statsApiConfig } from './config.ts';

describe('statsApiConfig', () => {
  it('defaults to a local VictoriaMetrics, loopback, port 8787, both sources, no token', () => {
    expect(statsApiConfig([], {})).toEqual({
      backendUrl: 'http://127.0.0.1:8428',
      logsUrl: undefined,
      backendTimeoutMillis: 10_000,
      host: '127.0.0.1',
      port: 8787,
      bearerToken: undefined,
      sources: ['sdk', 'claude-code'],
      cacheTtlMillis: 10_000,
      summaries: true,
      retentionMillis: 30 * 86_400_000,
      summarySettleMillis: 300_000,
    });
  });

  const cases: [what: string, args: string[], env: Record<string, string>, expected: object][] = [
    [
      'env',
      [],
      {
        METERLINE_BACKEND_URL: 'http://vmselect:8481/select/0/prometheus',
        METERLINE_STATS_API_PORT: '9000',
        METERLINE_STATS_API_TOKEN: 't',
      },
      { backendUrl: 'http://vmselect:8481/select/0/prometheus', port: 9000, bearerToken: 't' },
    ],
    [
      'flags win over env',
      ['--port', '9100', '--host', '0.0.0.0'],
      { METERLINE_STATS_API_PORT: '9000' },
      { port: 9100, host: '0.0.0.0' },
    ],
    ['sources', ['--sources', 'claude-code'], {}, { sources: ['claude-code'] }],
    ['timeout', [], { METERLINE_BACKEND_TIMEOUT_MS: '2500' }, { backendTimeoutMillis: 2500 }],
    ['an empty token means none', [], { METERLINE_STATS_API_TOKEN: '' }, { bearerToken: undefined }],
    ['cache TTL', [], { METERLINE_STATS_CACHE_TTL_MS: '2500' }, { cacheTtlMillis: 2500 }],
    ['no cache', ['--cache-ttl-ms', '0'], {}, { cacheTtlMillis: 0 }],
    ['logs', [], { METERLINE_LOGS_URL: 'http://victorialogs:9428' }, { logsUrl: 'http://victorialogs:9428' }],
    ['logs flag', ['--logs-url', 'http://127.0.0.1:9428'], {}, { logsUrl: 'http://127.0.0.1:9428' }],
    ['summaries off', ['--summaries', 'off'], {}, { summaries: false }],
    ['summaries from env', [], { METERLINE_SUMMARIES: 'off' }, { summaries: false }],
    ['retention in days', ['--retention-period', '90d'], {}, { retentionMillis: 90 * 86_400_000 }],
    ['retention in years', [], { METERLINE_RETENTION_PERIOD: '1y' }, { retentionMillis: 365 * 86_400_000 }],
    [
      'retention in months, as VictoriaMetrics reads a bare number',
      ['--retention-period', '3'],
      {},
      { retentionMillis: 93 * 86_400_000 },
    ],
    ['settle time', ['--summary-settle-ms', '0'], {}, { summarySettleMillis: 0 }],
  ];
  it.each(cases)('%s', (_what, args, env, expected) =>
    expect(statsApiConfig(args, env)).toMatchObject(expected),
  );

  const invalid: [what: string, args: string[], env: Record<string, string>, message: RegExp][] = [
    ['a bad port', ['--port', 'http'], {}, /port must be an integer from 0 to 65535/],
    ['an unknown source', ['--sources', 'sdk,grafana'], {}, /unknown source "grafana"/],
    ['a bad URL', ['--backend-url', 'not a url'], {}, /Invalid URL/],
    ['a bad logs URL', ['--logs-url', 'victorialogs'], {}, /Invalid URL/],
    ['a port out of range', ['--port', '70000'], {}, /port must be an integer from 0 to 65535/],
    [
      'a zero timeout',
      [],
      { METERLINE_BACKEND_TIMEOUT_MS: '0' },
      /backend timeout must be an integer from 1 to 600000/,
    ],
    ['a negative cache TTL', ['--cache-ttl-ms=-1'], {}, /cache TTL must be an integer from 0 to 3600000/],
    ['an unknown flag', ['--colour'], {}, /Unknown option '--colour'/],
    ['summaries neither on nor off', ['--summaries', 'yes'], {}, /summaries must be on or off, got "yes"/],
    [
      'a retention with another unit',
      ['--retention-period', '3s'],
      {},
      /retention period must be a number of months or a number and a unit/,
    ],
    [
      'a zero retention',
      [],
      { METERLINE_RETENTION_PERIOD: '0d' },
      /retention period must be a number of months or a number and a unit/,
    ],
    [
      'a settle time over a day',
      ['--summary-settle-ms', '86400001'],
      {},
      /summary settle time must be an integer/,
    ],
  ];
  it.each(invalid)('rejects %s', (_what, args, env, message) =>
    expect(() => statsApiConfig(args, env)).toThrow(message),
  );
});
