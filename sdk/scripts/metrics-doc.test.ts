import { readFileSync } from 'node:fs';
import { metrics } from '@meterline/sdk';
import { describe, expect, it } from 'vitest';
import { renderMetricsDoc, seriesNames } from './metrics-doc.ts';

describe('docs/metrics.md', () => {
  it('is current with the catalog (run `npm run docs` to regenerate)', () => {
    const committed = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderMetricsDoc());
  });

  it('lists the histogram series of a duration', () => {
    expect(seriesNames(metrics.tasks.duration)).toEqual([
      'task_duration_seconds_bucket',
      'task_duration_seconds_sum',
      'task_duration_seconds_count',
    ]);
  });
});
