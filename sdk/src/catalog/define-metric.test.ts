import { describe, expect, it } from 'vitest';
import { defineMetric, MetricDefinitionError, type MetricDefinitionInput } from './define-metric.ts';

const valid: MetricDefinitionInput<string, 'counter'> = {
  name: 'queue.items',
  kind: 'counter',
  unit: '{item}',
  description: 'Items queued.',
  attributes: ['queue.name'],
};

describe('defineMetric', () => {
  it('returns a frozen definition with the user source by default', () => {
    const definition = defineMetric(valid);
    expect(definition).toEqual({ ...valid, source: 'user' });
    expect(Object.isFrozen(definition)).toBe(true);
    expect(Object.isFrozen(definition.attributes)).toBe(true);
  });

  const broken: [what: string, change: Record<string, unknown>, message: RegExp][] = [
    ['upper-case name', { name: 'Queue.Items' }, /"Queue.Items": name must be lowercase/],
    ['name with a dash', { name: 'queue-items' }, /name must be lowercase/],
    ['name ending in total', { name: 'queue.items.total' }, /must not end in "total"/],
    ['empty name', { name: '' }, /name must be lowercase/],
    ['unknown kind', { kind: 'summary' }, /kind must be one of counter, updowncounter, gauge, histogram/],
    ['missing unit', { unit: '' }, /unit is required/],
    ['unit with a space', { unit: 'per sec' }, /unit "per sec" must be printable ASCII/],
    ['empty description', { description: '  ' }, /description is required/],
    [
      'attribute with leading underscore',
      { attributes: ['_private'] },
      /attribute key "_private" must match/,
    ],
    ['attribute with leading digit', { attributes: ['1st'] }, /attribute key "1st"/],
    ['attribute with doubled separator', { attributes: ['a..b'] }, /attribute key "a..b"/],
    ['attribute with upper case', { attributes: ['userId'] }, /attribute key "userId"/],
    ['duplicate attribute', { attributes: ['a', 'a'] }, /attribute key "a" is declared twice/],
    ['boundaries on a counter', { boundaries: [1, 2] }, /boundaries apply to histograms only/],
    ['histogram without boundaries', { kind: 'histogram', unit: 's' }, /histograms need explicit boundaries/],
    ['unordered boundaries', { kind: 'histogram', boundaries: [1, 1] }, /strictly increasing/],
    ['infinite boundary', { kind: 'histogram', boundaries: [1, Infinity] }, /strictly increasing/],
  ];
  it.each(broken)('throws for %s', (_what, change, message) => {
    const define = () => defineMetric({ ...valid, ...change } as MetricDefinitionInput<string, 'counter'>);
    expect(define).toThrow(MetricDefinitionError);
    expect(define).toThrow(message);
  });

  it('lets external sources keep their own names and omit units', () => {
    const definition = defineMetric({
      ...valid,
      name: 'claude_code.active_time.total',
      unit: '',
      source: 'claude-code',
    });
    expect(definition.name).toBe('claude_code.active_time.total');
  });

  it('rejects an unknown attribute key at compile time', () => {
    const definition = defineMetric({ ...valid, attributes: ['queue.name'] });
    type Keys = (typeof definition.attributes)[number];
    const ok: Keys = 'queue.name';
    // @ts-expect-error 'queue.nam' is not a declared key
    const wrong: Keys = 'queue.nam';
    expect([ok, wrong]).toHaveLength(2);
  });
});
