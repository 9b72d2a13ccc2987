import { describe, expect, it } from 'vitest';
import type { Ask } from '../views/ask.ts';
import { SessionSummaries } from './session-summaries.ts';

/** A session's activity, and its cost over its whole life, in one model. */
function add(summaries: SessionSummaries, session: string, first: number, last: number, cost: number) {
  const labels = {
    ...(session === '' ? {} : { session_id: session }),
    user_id: 'ada',
    organization_id: 'acme',
    model: 'm',
  };
  summaries.addActivity('first', [{ labels, value: first }]);
  summaries.addActivity('lastChange', [{ labels, value: last }]);
  summaries.setValues([session], new Map([['cost_total', [{ labels, value: cost }]]]));
}

function store() {
  const labels = ['user_id', 'organization_id', 'model'];
  const summaries = new SessionSummaries('session_id', labels, labels, ['user_id', 'organization_id']);
  add(summaries, 'a', 100, 200, 1);
  add(summaries, 'b', 300, 400, 2);
  add(summaries, 'c', 500, 500, 4);
  return summaries;
}

const cost = (scope: Record<string, string>, labels: string[] = []): Ask => ({
  kind: 'sum',
  names: ['cost_total'],
  scope,
  labels,
});
const acme = { organization_id: 'acme' };

describe('SessionSummaries', () => {
  const cases: [
    what: string,
    ask: Ask,
    window: [number, number],
    until: number,
    sum: number | null,
    cut: string[],
  ][] = [
    ['every session held whole', cost(acme), [0, 1000], 1000, 7, []],
    ['a session crossing the start is cut', cost(acme), [150, 1000], 1000, 6, ['a']],
    ['a session crossing the end is cut', cost(acme), [0, 350], 1000, 1, ['b']],
    ['a session that ended at the start is outside', cost(acme), [200, 1000], 1000, 6, []],
    ['a session starting after the summaries end is left to the raw path', cost(acme), [0, 1000], 450, 3, []],
    [
      'a session starting at the start is cut: its first sample is the base',
      cost(acme),
      [300, 1000],
      1000,
      4,
      ['b'],
    ],
    ['one session', cost({ session_id: 'b' }), [0, 1000], 1000, 2, []],
    ['one user', cost({ user_id: 'ada' }), [0, 1000], 1000, 7, []],
    ['another organization', cost({ organization_id: 'other' }), [0, 1000], 1000, null, []],
    ['grouped by session', cost(acme, ['session_id']), [0, 1000], 1000, 7, []],
  ];
  it.each(cases)('%s', (_what, ask, [start, end], until, sum, cut) => {
    const answer = store().answer(ask, { start, end }, until);
    expect(answer.cut).toEqual(cut);
    expect(answer.samples.length === 0 ? null : answer.samples.reduce((acc, s) => acc + s.value, 0)).toBe(
      sum,
    );
  });

  it('groups by the ask labels, the session among them', () => {
    const answer = store().answer(cost(acme, ['session_id', 'model']), { start: 0, end: 1000 }, 1000);
    expect(answer.samples).toEqual([
      { labels: { session_id: 'a', model: 'm' }, value: 1 },
      { labels: { session_id: 'b', model: 'm' }, value: 2 },
      { labels: { session_id: 'c', model: 'm' }, value: 4 },
    ]);
  });

  it('answers bounds with the lowest start and the highest end, alongside the sums', () => {
    const summaries = store();
    const bound = (session: string, name: string, value: number) =>
      summaries.setValues(
        [session],
        new Map([
          [
            'cost_total',
            [
              {
                labels: { session_id: session, user_id: 'ada', organization_id: 'acme', model: 'm' },
                value: 1,
              },
            ],
          ],
          [name, [{ labels: { session_id: session, user_id: 'ada', organization_id: 'acme' }, value }]],
        ]),
      );
    bound('a', 'start_seconds', 90);
    bound('c', 'start_seconds', 495);
    const ask = (kind: 'min' | 'sum', names: string[], labels: string[] = []): Ask => ({
      kind,
      names,
      scope: acme,
      labels,
    });
    const window = { start: 0, end: 1000 };
    expect(summaries.answer(ask('min', ['start_seconds']), window, 1000).samples).toEqual([
      { labels: {}, value: 90 },
    ]);
    expect(summaries.answer(ask('min', ['start_seconds'], ['session_id']), window, 1000).samples).toEqual([
      { labels: { session_id: 'a' }, value: 90 },
      { labels: { session_id: 'c' }, value: 495 },
    ]);
    // Setting a session's values replaces all of them: the sums set with the bounds are its sums now.
    expect(summaries.answer(ask('sum', ['cost_total']), window, 1000).samples).toEqual([
      { labels: {}, value: 4 },
    ]);
  });

  it('answers activity with the first sample and the last change', () => {
    const summaries = store();
    const ask = (kind: 'first' | 'lastChange'): Ask => ({
      kind,
      names: ['cost_total'],
      scope: acme,
      labels: [],
    });
    expect(summaries.answer(ask('first'), { start: 0, end: 1000 }, 1000).samples).toEqual([
      { labels: {}, value: 100 },
    ]);
    expect(summaries.answer(ask('lastChange'), { start: 0, end: 1000 }, 1000).samples).toEqual([
      { labels: {}, value: 500 },
    ]);
  });

  it('regression: a block answered before is answered again after one of its sessions changed', () => {
    const summaries = store();
    expect(summaries.answer(cost(acme), { start: 0, end: 1000 }, 1000).samples[0]?.value).toBe(7);
    add(summaries, 'b', 300, 600, 8);
    expect(summaries.answer(cost(acme), { start: 0, end: 1000 }, 1000).samples[0]?.value).toBe(13);
  });

  it('leaves the sessions it is told to exclude to the caller, even in a block it answered whole', () => {
    const summaries = store();
    expect(summaries.answer(cost(acme), { start: 0, end: 1000 }, 1000).samples[0]?.value).toBe(7);
    const answer = summaries.answer(cost(acme), { start: 0, end: 1000 }, 1000, new Set(['b']));
    expect(answer).toEqual({ samples: [{ labels: {}, value: 5 }], cut: [] });
  });

  it('keeps series without a session id under one summary, cut unless the window holds all of them', () => {
    const summaries = store();
    add(summaries, '', 150, 700, 16);
    expect(summaries.answer(cost(acme), { start: 0, end: 1000 }, 1000).samples[0]?.value).toBe(23);
    expect(summaries.answer(cost(acme), { start: 250, end: 1000 }, 1000).cut).toEqual(['']);
  });

  it('counts the sessions that changed, not the series without a session id', () => {
    const summaries = store();
    add(summaries, '', 150, 700, 16);
    const sessions: Ask = {
      kind: 'sessions',
      names: ['cost_total'],
      scope: acme,
      labels: [],
      session: 'session_id',
    };
    expect(summaries.answer(sessions, { start: 0, end: 1000 }, 1000).samples).toEqual([
      { labels: {}, value: 3 },
    ]);
  });

  it('lists only the sessions with the latest changes, and those tied with the last of them', () => {
    const summaries = store();
    add(summaries, 'd', 450, 500, 1);
    const latest = (count: number): Ask => ({
      kind: 'lastChange',
      names: ['cost_total'],
      scope: acme,
      labels: ['session_id'],
      latest: count,
    });
    const ids = (count: number) =>
      summaries.answer(latest(count), { start: 0, end: 1000 }, 1000).samples.map((s) => s.labels.session_id);
    expect(ids(1).sort()).toEqual(['c', 'd']);
    expect(ids(3).sort()).toEqual(['b', 'c', 'd']);
    expect(ids(10).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('leaves to the back end what it does not keep: activity by a label only sums are kept by', () => {
    const summaries = new SessionSummaries('session_id', ['user_id', 'model'], ['user_id'], ['user_id']);
    const ask = (kind: Ask['kind']): Ask => ({
      kind,
      names: ['x'],
      scope: { user_id: 'ada' },
      labels: ['model'],
    });
    expect([summaries.answers(ask('sum')), summaries.answers(ask('lastChange'))]).toEqual([true, false]);
  });

  it('forgets sessions the back end no longer keeps', () => {
    const summaries = store();
    summaries.forgetBefore(350);
    expect(summaries.size).toBe(2);
    expect(summaries.answer(cost(acme), { start: 0, end: 1000 }, 1000).samples[0]?.value).toBe(6);
  });
});
