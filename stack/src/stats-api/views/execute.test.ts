import { describe, expect, it } from 'vitest';
import { ChangedSessions } from './execute.ts';

describe('ChangedSessions', () => {
  const changed = new ChangedSessions();
  const acme = { organization_id: 'acme' };
  changed.record(acme, 100, new Set(['s1', 's2']));

  const cases: [what: string, scope: Record<string, string>, until: number, known: string[] | undefined][] = [
    ['the scope asked', acme, 100, ['s1', 's2']],
    ['a later end: the set found from an earlier one still holds', acme, 130, ['s1', 's2']],
    ['an earlier end (summaries rebuilt): unknown', acme, 70, undefined],
    ['one changed session of the scope', { ...acme, session_id: 's2' }, 100, ['s2']],
    ['one unchanged session of the scope', { ...acme, session_id: 's3' }, 100, []],
    ['another scope', { organization_id: 'other' }, 100, undefined],
    ['a session of another scope', { organization_id: 'other', session_id: 's1' }, 100, undefined],
  ];
  it.each(cases)('%s', (_what, scope, until, known) => {
    const sessions = changed.known(scope, 'session_id', until);
    expect(sessions === undefined ? undefined : [...sessions]).toEqual(known);
  });
});
