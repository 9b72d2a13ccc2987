import type { VectorSample } from '../backend.ts';

/**
 * What one session did up to the summaries' end: its values over its whole life (sums, and the bounds it
 * recorded) and its activity, per group of labels.
 */
export interface Summary {
  id: string;
  /** Its first sample and last change, over all its series; NaN before any activity. */
  first: number;
  lastChange: number;
  /** Values over its whole life, keyed by {@link valueKey}. */
  valueKeys: number[];
  values: number[];
  /** Activity per label group. */
  groups: number[];
  firsts: number[];
  lastChanges: number[];
  /** The blocks it is listed in, one per scope (its user, its organization). */
  blocks: SummaryBlock[];
}

/** Series names per source: a value's key holds its label group and its series name in one number. */
export const NAME_SLOTS = 256;
export const valueKey = (group: number, name: number) => group * NAME_SLOTS + name;
export const groupOfKey = (key: number) => Math.floor(key / NAME_SLOTS);
export const nameOfKey = (key: number) => key % NAME_SLOTS;

/** Sessions per block: a window that holds a whole block is answered from its cached answers. */
export const BLOCK_SIZE = 128;

/**
 * Up to {@link BLOCK_SIZE} sessions of one scope, in the order they were first seen (so roughly by start),
 * with the bounds of their activity and answers cached per ask until a member changes. A window holding
 * every member whole costs one cached answer, however many sessions the block has; only the blocks at a
 * window's edges are read session by session.
 */
export class SummaryBlock {
  readonly scope: string;
  readonly members: Summary[] = [];
  /** The earliest first sample and the latest last change of its members. */
  minFirst = Number.NaN;
  maxLastChange = Number.NaN;
  private version = 0;
  private readonly cache = new Map<string, { version: number; samples: Map<string, VectorSample> }>();

  constructor(scope: string) {
    this.scope = scope;
  }

  /** Called after a member changed: widens the bounds and drops the cached answers. */
  touched(summary: Summary): void {
    this.version += 1;
    if (summary.first < this.minFirst || Number.isNaN(this.minFirst)) this.minFirst = summary.first;
    if (summary.lastChange > this.maxLastChange || Number.isNaN(this.maxLastChange))
      this.maxLastChange = summary.lastChange;
  }

  /** The answer cached under `key`, computed by `compute` when a member changed since. */
  cached(key: string, compute: () => Map<string, VectorSample>): Map<string, VectorSample> {
    const entry = this.cache.get(key);
    if (entry?.version === this.version) return entry.samples;
    const samples = compute();
    this.cache.set(key, { version: this.version, samples });
    return samples;
  }
}

/**
 * Gives a summary's arrays their exact length: arrays grown by push keep spare room, which at 100,000
 * sessions is most of the summaries' memory.
 */
export function compact(summary: Summary): void {
  summary.valueKeys = summary.valueKeys.slice();
  summary.values = summary.values.slice();
  summary.groups = summary.groups.slice();
  summary.firsts = summary.firsts.slice();
  summary.lastChanges = summary.lastChanges.slice();
}

/**
 * The sessions with the latest last changes, `count` of them and any tied with the last: from the sessions
 * held whole in edge blocks and from whole blocks, read newest first until a block cannot hold one.
 */
export function latestOf(held: Summary[], wholeBlocks: SummaryBlock[], count: number): Summary[] {
  const picked = [...held];
  const threshold = () => {
    if (picked.length < count) return Number.NEGATIVE_INFINITY;
    return picked.map((summary) => summary.lastChange).sort((a, b) => b - a)[count - 1] as number;
  };
  let least = threshold();
  for (const block of [...wholeBlocks].sort((a, b) => b.maxLastChange - a.maxLastChange)) {
    if (block.maxLastChange < least) break;
    picked.push(...block.members);
    least = threshold();
  }
  return picked.filter((summary) => summary.lastChange >= least);
}
