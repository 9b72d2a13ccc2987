import type { VectorSample } from '../backend.ts';
import { type Ask, COMBINE } from '../views/ask.ts';
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

  /** Adds what one session the window holds whole contributes. */
  addSession(summary: Summary): void {
    if (this.ask.kind === 'sum') {
      const { sumKeys, sums } = summary;
      for (let i = 0; i < sumKeys.length; i++) {
        const key = sumKeys[i] as number;
        if (this.names.has(nameOfKey(key))) this.add(summary.id, groupOfKey(key), sums[i] as number);
      }
      return;
    }
    const values = this.ask.kind === 'first' ? summary.firsts : summary.lastChanges;
    for (let i = 0; i < summary.groups.length; i++)
      this.add(summary.id, summary.groups[i] as number, values[i] as number);
  }

  /** Adds another accumulator's samples (a block's cached answer), leaving them unchanged. */
  addSamples(samples: ReadonlyMap<string, VectorSample>): void {
    for (const [key, sample] of samples) this.addValue(key, sample.labels, sample.value);
  }

  private add(session: string, group: number, value: number): void {
    if (Number.isNaN(value)) return;
    let groupKey = this.keyOfGroup.get(group);
    if (groupKey === undefined) {
      groupKey = this.projection(group);
      this.keyOfGroup.set(group, groupKey);
    }
    if (groupKey === null) return;
    const key = this.bySession ? `${session}\u0000${groupKey}` : groupKey;
    if (this.samples.has(key)) this.addValue(key, {}, value);
    else this.addValue(key, this.projected(group, session), value);
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
