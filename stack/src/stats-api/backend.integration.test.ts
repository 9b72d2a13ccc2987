import type { VictoriaMetrics } from '@meterline/testing';
import { test } from '@meterline/testing/vitest';
import { describe, expect, it } from 'vitest';
import { Backend, BackendResponseError, BackendUnsupportedError } from './backend.ts';

const now = Math.floor(Date.now() / 1000);

let vm: VictoriaMetrics;
let backend: Backend;
test.beforeAll(async ({ vm: server }) => {
  vm = server;
  const line = (metric: Record<string, string>, values: number[]) => ({
    metric,
    values,
    timestamps: values.map((_, i) => (now - 600 + i * 60) * 1000),
  });
  await vm.importLines([
    line({ __name__: 'spend_total', team: 'a', model: 'x' }, [1, 3]),
    line({ __name__: 'spend_total', team: 'b', model: 'x' }, [2, 2, 7]),
    line({ __name__: 'calls_total', team: 'a' }, [5]),
  ]);
  backend = new Backend({ url: vm.url });
});

describe('Backend.queryAll', () => {
  const batches: [what: string, queries: string[]][] = [
    ['no query', []],
    ['one query', ['sum(increase_pure(spend_total[1h]))']],
    [
      'parts whose answers have the same labels',
      ['sum(increase_pure(spend_total[1h]))', 'sum(increase_pure(calls_total[1h]))'],
    ],
    [
      'grouped parts, an empty part and a repeated query',
      [
        'sum by (team) (increase_pure(spend_total[1h]))',
        'sum(increase_pure(missing_total[1h]))',
        'max by (team, model) (tlast_over_time(spend_total[1h]))',
        'sum by (team) (increase_pure(spend_total[1h]))',
      ],
    ],
  ];

  it.each(batches)('answers %s exactly as separate queries do', async (_what, queries) => {
    const separately = await Promise.all(queries.map((query) => backend.query(query, now)));
    const byLabels = (samples: { labels: Record<string, string> }[]) =>
      [...samples].sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
    const together = await backend.queryAll(queries, now);
    expect(together.map(byLabels)).toEqual(separately.map(byLabels));
    expect(together.flat().length).toBe(separately.flat().length);
  });

  it('sends one request for the whole batch', async () => {
    const sent: string[] = [];
    const recording = new Backend({ url: vm.url, onQuery: (query) => sent.push(query) });
    await recording.queryAll(['sum(spend_total)', 'sum(calls_total)'], now);
    expect(sent).toEqual([
      'union(label_set(sum(spend_total), "meterline_part", "0"), label_set(sum(calls_total), "meterline_part", "1"))',
    ]);
  });

  it('splits a batch longer than the back end accepts into unions that fit, sent concurrently', async () => {
    const sent: string[] = [];
    const recording = new Backend({ url: vm.url, onQuery: (query) => sent.push(query) });
    // 40 queries of ~1 KiB: one union would be rejected by VictoriaMetrics' 16 KiB limit.
    const queries = Array.from(
      { length: 40 },
      (_, i) => `sum(increase_pure(spend_total{team!="${'x'.repeat(1000)}${i}"}[1h]))`,
    );
    const together = await recording.queryAll(queries, now);
    expect(together).toEqual(await Promise.all(queries.map((query) => backend.query(query, now))));
    expect(together[39]).toEqual([{ labels: {}, value: 10 }]);
    expect(sent.length).toBeGreaterThan(1);
    expect(Math.max(...sent.map((query) => Buffer.byteLength(query)))).toBeLessThanOrEqual(16_384);
  });

  it('fails the whole batch, naming the query, when one part is rejected', async () => {
    const failing = backend.queryAll(['sum(spend_total)', 'sum(rate(spend_total))['], now);
    await expect(failing).rejects.toThrow(BackendResponseError);
    await expect(failing).rejects.toThrow(/union\(label_set\(sum\(spend_total\)/);
  });
});

describe('Backend errors', () => {
  it('names a function the back end does not know, as unsupported', async () => {
    const failing = backend.query('sum(no_such_function(spend_total[1h]))', now);
    await expect(failing).rejects.toThrow(BackendUnsupportedError);
    await expect(failing).rejects.toThrow(/does not know no_such_function\(\), a MetricsQL function/);
  });
});
