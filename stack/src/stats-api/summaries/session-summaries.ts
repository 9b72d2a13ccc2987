import type { VectorSample } from '../backend.ts';
import type { Window } from '../params.ts';
import { type Ask, asksValues } from '../views/ask.ts';
import { Accumulator, combine } from './accumulator.ts';
import {
  BLOCK_SIZE,
  compact,
  latestOf,
  NAME_SLOTS,
  type Summary,
  SummaryBlock,
  valueKey,
} from './summary-block.ts';

/** What the summaries answer for one ask: the sessions the window holds whole, and those it cuts. */
export interface StoredAnswer {
  samples: VectorSample[];
  /** Sessions that cross the window's start or end: their part inside must be asked raw. */
  cut: string[];
}

/**
 * Per-session summaries of one source (docs/design.md §8): each session's values (sums, and the bounds it
 * recorded) and activity, grouped by
 * every label an ask can use but the session, accumulated range by range, and listed in blocks per user
 * and per organization. Sessions without a session id (Claude Code with OTEL_METRICS_INCLUDE_SESSION_ID
 * =false) share one summary under the id "".
 */
export class SessionSummaries {
  /** The labels values are kept by; the session label first. */
  readonly labels: readonly string[];
  /** The labels activity is kept by (fewer: who, and the breakdowns); the session label first. */
  readonly activityLabels: readonly string[];
  private readonly sessionLabel: string;
  private readonly indexed: readonly string[];
  private readonly names = new Map<string, number>();
  private readonly groups: Record<string, string>[] = [];
  private readonly groupIds = new Map<string, number>();
  private readonly sessions = new Map<string, Summary>();
  private readonly blocks = new Map<string, SummaryBlock[]>();

  /**
   * `indexed`: the labels a scope is looked up by (user, organization), besides the session; they must be
   * among the activity labels.
   */
  constructor(
    sessionLabel: string,
    labels: readonly string[],
    activityLabels: readonly string[],
    indexed: readonly string[],
  ) {
    this.sessionLabel = sessionLabel;
    this.labels = [sessionLabel, ...labels.filter((label) => label !== sessionLabel)];
    this.activityLabels = [sessionLabel, ...activityLabels.filter((label) => label !== sessionLabel)];
    this.indexed = indexed;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Whether every scope and group label of the ask is kept for its kind. */
  answers(ask: Ask): boolean {
    const kept = asksValues(ask.kind) ? this.labels : this.activityLabels;
    const used = [...Object.keys(ask.scope), ...ask.labels, ...(ask.changedBy ?? [])];
    return used.every((label) => kept.includes(label));
  }

  /** The first sample of each session known, NaN for one not seen yet. */
  firstOf(id: string): number {
    return this.sessions.get(id)?.first ?? Number.NaN;
  }

  /** The last change of each session known, NaN for one not seen yet. */
  lastChangeOf(id: string): number {
    return this.sessions.get(id)?.lastChange ?? Number.NaN;
  }

  /**
   * Sets sessions' values from answers over their whole life (one per series name, grouped by every label
   * in {@link labels}), replacing what they held: sums over a session's whole life do not depend on where
   * a range starts, as sums of ranges would (a range starting in a pause longer than the back end looks
   * back for a base counts the counter from 0).
   */
  setValues(ids: readonly string[], answers: ReadonlyMap<string, readonly VectorSample[]>): void {
    for (const id of ids) {
      const summary = this.sessions.get(id);
      if (summary === undefined) continue;
      summary.valueKeys = [];
      summary.values = [];
    }
    for (const [name, samples] of answers) this.addValues(name, samples);
    for (const id of ids) {
      const summary = this.sessions.get(id);
      if (summary !== undefined) compact(summary);
    }
  }

  /** Adds the values of series `name`, one per group of {@link labels}. */
  private addValues(name: string, samples: readonly VectorSample[]): void {
    let slot = this.names.get(name);
    if (slot === undefined) {
      slot = this.names.size;
      if (slot >= NAME_SLOTS) throw new Error(`more than ${NAME_SLOTS} series names in one source`);
      this.names.set(name, slot);
    }
    for (const sample of samples) {
      if (sample.value === 0) continue;
      const [summary, group] = this.place(sample.labels);
      const key = valueKey(group, slot);
      const at = summary.valueKeys.indexOf(key);
      if (at === -1) {
        summary.valueKeys.push(key);
        summary.values.push(sample.value);
      } else summary.values[at] = sample.value;
      for (const block of summary.blocks) block.touched(summary);
    }
  }

  /** Adds one range's first samples or last changes, grouped by {@link labels}. */
  addActivity(kind: 'first' | 'lastChange', samples: readonly VectorSample[]): void {
    const changed = new Set<Summary>();
    for (const sample of samples) {
      const [summary, group] = this.place(sample.labels);
      changed.add(summary);
      let at = summary.groups.indexOf(group);
      if (at === -1) {
        at = summary.groups.push(group) - 1;
        summary.firsts.push(Number.NaN);
        summary.lastChanges.push(Number.NaN);
      }
      const values = kind === 'first' ? summary.firsts : summary.lastChanges;
      values[at] = combine(kind, values[at] as number, sample.value);
      if (kind === 'first') summary.first = combine(kind, summary.first, sample.value);
      else summary.lastChange = combine(kind, summary.lastChange, sample.value);
      for (const block of summary.blocks) block.touched(summary);
    }
    for (const summary of changed) compact(summary);
  }

  /** Forgets sessions whose last change is before `seconds`: the back end no longer keeps them. */
  forgetBefore(seconds: number): void {
    const forgotten = new Set<string>();
    for (const [id, summary] of this.sessions) {
      if (!(summary.lastChange < seconds)) continue;
      this.sessions.delete(id);
      for (const block of summary.blocks) forgotten.add(block.scope);
    }
    for (const scope of forgotten) {
      const members = (this.blocks.get(scope) ?? []).flatMap((block) => block.members);
      this.blocks.delete(scope);
      for (const summary of members) {
        summary.blocks = summary.blocks.filter((block) => block.scope !== scope);
        if (this.sessions.has(summary.id)) this.list(summary, scope);
      }
    }
  }

  /**
   * The ask's answer from the sessions that `window` holds whole, given summaries up to `until`, and the
   * sessions it cuts. A session is held whole when its first sample is after the window's start (so no
   * sample before the window is a base) and its last change is at or before the window's end. Sessions in
   * `exclude` (seen after `until`) are left to the caller.
   */
  answer(ask: Ask, window: Window, until: number, exclude: ReadonlySet<string> = new Set()): StoredAnswer {
    const end = Math.min(window.end, until);
    const names = new Set(ask.names.map((name) => this.names.get(name)));
    const accumulator = () => new Accumulator(ask, this.groups, this.sessionLabel, names);
    const result = accumulator();
    const latest = result.bySession ? ask.latest : undefined;
    const shape = JSON.stringify(ask);
    const cut: string[] = [];
    const held: Summary[] = [];
    const wholeBlocks: SummaryBlock[] = [];
    const excluded = new Set([...exclude].flatMap((id) => this.sessions.get(id)?.blocks ?? []));
    for (const block of this.candidates(ask.scope)) {
      if (block.minFirst > end || !(block.maxLastChange > window.start)) continue;
      if (block.minFirst > window.start && block.maxLastChange <= end && !excluded.has(block)) {
        if (latest !== undefined) wholeBlocks.push(block);
        else if (result.bySession) for (const summary of block.members) result.addSession(summary);
        else result.addSamples(block.cached(shape, () => accumulator().addSessions(block.members).samples));
        continue;
      }
      for (const summary of block.members) {
        if (exclude.has(summary.id) || summary.first > end || !(summary.lastChange > window.start)) continue;
        if (summary.first <= window.start || summary.lastChange > end) cut.push(summary.id);
        else if (latest !== undefined) held.push(summary);
        else result.addSession(summary);
      }
    }
    if (latest !== undefined) result.addSessions(latestOf(held, wholeBlocks, latest));
    return { samples: [...result.samples.values()], cut };
  }

  /** The blocks a scope's sessions are in: its session alone, else its most selective indexed label. */
  private candidates(scope: Readonly<Record<string, string>>): SummaryBlock[] {
    const session = scope[this.sessionLabel];
    let members: Summary[] | undefined;
    if (session !== undefined) {
      const summary = this.sessions.get(session);
      members = summary === undefined ? [] : [summary];
    } else {
      const label = this.indexed.find((name) => scope[name] !== undefined);
      if (label !== undefined) return this.blocks.get(`${label}\u0000${scope[label]}`) ?? [];
      members = [...this.sessions.values()];
    }
    // Read session by session: unbounded, never whole.
    const loose = new SummaryBlock('');
    loose.members.push(...members);
    loose.minFirst = Number.NEGATIVE_INFINITY;
    loose.maxLastChange = Number.POSITIVE_INFINITY;
    return [loose];
  }

  /** The session and label group a sample belongs to, both created on first sight. */
  private place(labels: Record<string, string>): [Summary, number] {
    const { [this.sessionLabel]: id = '', ...rest } = labels;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
    let group = this.groupIds.get(key);
    if (group === undefined) {
      group = this.groups.push(rest) - 1;
      this.groupIds.set(key, group);
    }
    let summary = this.sessions.get(id);
    if (summary === undefined) {
      summary = {
        id,
        first: Number.NaN,
        lastChange: Number.NaN,
        ...{ valueKeys: [], values: [], groups: [], firsts: [], lastChanges: [], blocks: [] },
      };
      this.sessions.set(id, summary);
    }
    for (const label of this.indexed) {
      const value = rest[label];
      if (value !== undefined) this.list(summary, `${label}\u0000${value}`);
    }
    return [summary, group];
  }

  /** Lists a session in the newest block of a scope, once. */
  private list(summary: Summary, scope: string): void {
    if (summary.blocks.some((block) => block.scope === scope)) return;
    const blocks = this.blocks.get(scope) ?? [];
    this.blocks.set(scope, blocks);
    let block = blocks.at(-1);
    if (block === undefined || block.members.length >= BLOCK_SIZE) {
      block = new SummaryBlock(scope);
      blocks.push(block);
    }
    block.members.push(summary);
    summary.blocks = [...summary.blocks, block];
    block.touched(summary);
  }
}
