import { eventually } from '@meterline/stack/processes';
import { describe, expect, it } from 'vitest';
import { VictoriaMetrics } from './victoria-metrics.ts';
import { test } from './vitest-fixtures.ts';

describe('VictoriaMetrics harness', () => {
  test('imports, exports and queries exact samples, and keeps them across a restart', async ({ vm }) => {
    const now = Date.now();
    await vm.importLines([
      { metric: { __name__: 'harness_check', job: 'j' }, values: [1, 2.5], timestamps: [now - 1000, now] },
    ]);
    const expected = [
      { metric: { __name__: 'harness_check', job: 'j' }, values: [1, 2.5], timestamps: [now - 1000, now] },
    ];
    expect(await vm.export('{__name__="harness_check"}')).toEqual(expected);
    await eventually(async () => {
      const result = (await vm.query('sum(harness_check)')) as {
        data: { result: { value: [number, string] }[] };
      };
      expect(result.data.result[0]?.value[1]).toBe('2.5');
    });
    const { url, dataPath } = vm;
    await vm.restart();
    expect([vm.url, vm.dataPath]).toEqual([url, dataPath]);
    expect(await vm.export('{__name__="harness_check"}')).toEqual(expected);
  });

  const missing: [what: string, env: Record<string, string | undefined>, advice: RegExp][] = [
    [
      'none on PATH',
      { PATH: '/nonexistent', VICTORIA_METRICS_BIN: undefined },
      /apt-get install -y victoria-metrics/,
    ],
    [
      'VICTORIA_METRICS_BIN pointing nowhere',
      { VICTORIA_METRICS_BIN: '/nonexistent/victoria-metrics' },
      /VICTORIA_METRICS_BIN=\/nonexistent\/victoria-metrics .*victoria-metrics\/build\.sh/,
    ],
  ];
  it.each(missing)('fails with advice when the binary is missing: %s', async (_what, env, advice) => {
    const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    const apply = (values: Record<string, string | undefined>) => {
      for (const [key, value] of Object.entries(values)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    };
    apply(env);
    try {
      await expect(VictoriaMetrics.start()).rejects.toThrow(advice);
    } finally {
      apply(saved);
    }
  });
});
