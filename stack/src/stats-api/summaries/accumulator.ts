import type { VectorSample } from '../backend.ts';
import { type Ask, asksValues, COMBINE } from '../views/ask.ts';
import { groupOfKey, nameOfKey, type Summary } from './summary-block.ts';

/** Combines two values of one group, a NaN being no value yet. */
export function combine(kind: Ask['kind'], a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : COMBINE[kind](a, b);
}

/**
 * One ask's answer built from session summaries: each label group of a session is projected onto the
 * ask's labels (or left out when outside its scope) once, and values of equal projections combined.
 */
export class Accumulator {
  readonly samples = new Map<string, VectorSample>();
  readonly bySession: boolean;
  private readonly ask: Ask;
  private readonly groups: readonly Record<string, string>[];
  private readonly sessionLabel: string;
  private readonly names: Set<number | undefined>;
  private readonly keyOfGroup = new Map<number, string | null>();

  constructor(
    ask: Ask,
    groups: readonly Record<string, string>[],
    sessionLabel: string,
    names: Set<number | undefined>,
  ) {
    this.ask = ask;
    this.groups = groups;
    this.sessionLabel = sessionLabel;
    this.names = names;
    this.bySession = ask.labels.includes(sessionLabel);
  }

  /** Adds what sessions the window holds whole contribute; returns itself. */
  addSessions(summaries: Iterable<Summary>): this {
    for (const summary of summaries) this.addSession(summary);
    return this;
  }

  /** Adds what one session the window holds whole contributes. */
  addSession(summary: Summary): void {
    if (this.ask.kind === 'sessions') {
      if (summary.id === '') return;
      const counted = new Set<string>();
      for (let i = 0; i < summary.groups.length; i++) {
        const key = Number.isNaN(summary.lastChanges[i]) ? null : this.keyOf(summary.groups[i] as number);
        if (key === null || counted.has(key)) continue;
        counted.add(key);
        this.addValue(key, this.projected(summary.groups[i] as number, ''), 1);
      }
      return;
    }
    if (this.ask.kind === 'first' && this.ask.changedBy !== undefined) {
      this.addChangedFirsts(summary, this.ask.changedBy);
      return;
    }
    if (asksValues(this.ask.kind)) {
      const { valueKeys, values } = summary;
      for (let i = 0; i < valueKeys.length; i++) {
        const key = valueKeys[i] as number;
        if (this.names.has(nameOfKey(key))) this.add(summary.id, groupOfKey(key), values[i] as number);
      }
      return;
    }
    const values = this.ask.kind === 'first' ? summary.firsts : summary.lastChanges;
    for (let i = 0; i < summary.groups.length; i++)
      this.add(summary.id, summary.groups[i] as number, values[i] as number);
  }

  /** The first sample of each group of `changedBy` in the session that changed. */
  private addChangedFirsts(summary: Summary, changedBy: readonly string[]): void {
    const keys = new Map<string, { group: number; first: number; changed: boolean }>();
    for (let i = 0; i < summary.groups.length; i++) {
      const group = summary.groups[i] as number;
      const labels = this.groups[group] as Record<string, string>;
      const key = JSON.stringify(
        changedBy.map((label) => (label === this.sessionLabel ? '' : (labels[label] ?? ''))),
      );
      const entry = keys.get(key) ?? { group, first: Number.NaN, changed: false };
      entry.first = combine('first', entry.first, summary.firsts[i] as number);
      entry.changed ||= !Number.isNaN(summary.lastChanges[i]);
      keys.set(key, entry);
    }
    for (const { group, first, changed } of keys.values()) if (changed) this.add(summary.id, group, first);
  }

  /** Adds another accumulator's samples (a block's cached answer), leaving them unchanged. */
  addSamples(samples: ReadonlyMap<string, VectorSample>): void {
    for (const [key, sample] of samples) this.addValue(key, sample.labels, sample.value);
  }

  private add(session: string, group: number, value: number): void {
    if (Number.isNaN(value)) return;
    const groupKey = this.keyOf(group);
    if (groupKey === null) return;
    const key = this.bySession ? `${session}\u0000${groupKey}` : groupKey;
    if (this.samples.has(key)) this.addValue(key, {}, value);
    else this.addValue(key, this.projected(group, session), value);
  }

  /** The group's key within the answer, computed once per group; null when outside the ask's scope. */
  private keyOf(group: number): string | null {
    let key = this.keyOfGroup.get(group);
    if (key === undefined) {
      key = this.projection(group);
      this.keyOfGroup.set(group, key);
    }
    return key;
  }

  private addValue(key: string, labels: Record<string, string>, value: number): void {
    const seen = this.samples.get(key);
    if (seen !== undefined) seen.value = combine(this.ask.kind, seen.value, value);
    else this.samples.set(key, { labels, value });
  }

  /** The group's key within the answer, or null when the group is outside the ask's scope. */
  private projection(group: number): string | null {
    const labels = this.groups[group] as Record<string, string>;
    for (const [label, value] of Object.entries(this.ask.scope)) {
      if (label !== this.sessionLabel && labels[label] !== value) return null;
    }
    return JSON.stringify(this.ask.labels.map((label) => labels[label] ?? ''));
  }

  private projected(group: number, session: string): Record<string, string> {
    const labels = this.groups[group] as Record<string, string>;
    const projected: Record<string, string> = {};
    for (const label of this.ask.labels) {
      const value = label === this.sessionLabel ? session : labels[label];
      if (value) projected[label] = value;
    }
    return projected;
  }
}
