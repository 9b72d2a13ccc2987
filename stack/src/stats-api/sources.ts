import {
  CLAUDE_CODE_TEAM_ATTRIBUTES,
  type MetricDefinition,
  metrics,
  prometheusNameVariants,
} from '@meterline/sdk';
import type { Backend } from './backend.ts';
import { ALL_SECONDS } from './params.ts';

export type SourceId = 'sdk' | 'claude-code';
export const SOURCE_IDS: readonly SourceId[] = ['sdk', 'claude-code'];

/** The measures every view reports, whichever source they come from. */
export type Measure = 'cost' | 'tokens' | 'requests' | 'requestDuration' | 'prompts' | 'tools' | 'activeTime';
/** Claude Code's measures the SDK has no counterpart for. */
export type Extra = 'linesOfCode' | 'commits' | 'pullRequests' | 'apiErrors' | 'toolDecisions';
/** Series that show a session was active without being reported themselves. */
export type Marker = 'sessionStarts' | 'editDecisions';

export type TokenKey = 'input' | 'output' | 'cacheRead' | 'cacheCreation';

/** Where a source keeps each measure: catalog definitions and the label names that break them down. */
export interface SourceSpec {
  id: SourceId;
  measures: Record<Measure, MetricDefinition>;
  extras: Partial<Record<Extra, MetricDefinition>>;
  markers: Partial<Record<Marker, MetricDefinition>>;
  tokenTypeLabel: string;
  tokenTypes: Readonly<Record<string, TokenKey>>;
  outcomeLabel: string;
  successValue: string;
  /** Where failed requests are counted when the source has no `apiErrors` measure: a label of `requests`. */
  requestErrors: { label: string; value: string } | null;
  /** Attribute keys the user and organization views can break totals down by (`by=`). */
  breakdowns: readonly string[];
}

const { usage, claudeCode, claudeCodeEvents } = metrics;

export const SOURCES: Readonly<Record<SourceId, SourceSpec>> = {
  sdk: {
    id: 'sdk',
    measures: {
      cost: usage.cost,
      tokens: usage.tokens,
      requests: usage.requests,
      requestDuration: usage.requestDuration,
      prompts: usage.prompts,
      tools: usage.toolExecutions,
      activeTime: usage.activeTime,
    },
    extras: {},
    markers: {},
    tokenTypeLabel: 'token_type',
    tokenTypes: {
      input: 'input',
      output: 'output',
      cache_read: 'cacheRead',
      cache_creation: 'cacheCreation',
    },
    outcomeLabel: 'outcome',
    successValue: 'success',
    requestErrors: { label: 'outcome', value: 'error' },
    breakdowns: ['model'],
  },
  'claude-code': {
    id: 'claude-code',
    measures: {
      cost: claudeCode.cost,
      tokens: claudeCode.tokens,
      requests: claudeCodeEvents.apiRequests,
      requestDuration: claudeCodeEvents.apiRequestDuration,
      prompts: claudeCodeEvents.prompts,
      tools: claudeCodeEvents.toolResults,
      activeTime: claudeCode.activeTime,
    },
    extras: {
      linesOfCode: claudeCode.linesOfCode,
      commits: claudeCode.commits,
      pullRequests: claudeCode.pullRequests,
      apiErrors: claudeCodeEvents.apiErrors,
      toolDecisions: claudeCodeEvents.toolDecisions,
    },
    markers: { sessionStarts: claudeCode.sessionCount, editDecisions: claudeCode.editDecisions },
    tokenTypeLabel: 'type',
    tokenTypes: { input: 'input', output: 'output', cacheRead: 'cacheRead', cacheCreation: 'cacheCreation' },
    outcomeLabel: 'success',
    successValue: 'true',
    requestErrors: null,
    breakdowns: ['model', 'user.email', ...CLAUDE_CODE_TEAM_ATTRIBUTES],
  },
};

/** A source with the series names found in the back end; a missing measure has no name. */
export interface ResolvedSource {
  spec: SourceSpec;
  names: Partial<Record<Measure | Extra | Marker, string>>;
}

/** Discovers which sources and series names exist, caching the answer briefly. */
export class SourceResolver {
  private readonly backend: Backend;
  private readonly ttlMillis: number;
  private cached: { at: number; names: Promise<Set<string>> } | undefined;

  constructor(backend: Backend, ttlMillis = 30_000) {
    this.backend = backend;
    this.ttlMillis = ttlMillis;
  }

  async resolve(id: SourceId): Promise<ResolvedSource> {
    const existing = await this.existingNames();
    const spec = SOURCES[id];
    const names: ResolvedSource['names'] = {};
    const entries = [
      ...Object.entries(spec.measures),
      ...Object.entries(spec.extras),
      ...Object.entries(spec.markers),
    ] as [Measure | Extra | Marker, MetricDefinition][];
    for (const [key, definition] of entries) {
      const suffix = definition.kind === 'histogram' ? '_count' : '';
      const found = prometheusNameVariants(definition.name, definition.unit, definition.kind).find((name) =>
        existing.has(`${name}${suffix}`),
      );
      if (found !== undefined) names[key] = found;
    }
    return { spec, names };
  }

  private existingNames(): Promise<Set<string>> {
    const now = Date.now();
    if (this.cached === undefined || now - this.cached.at > this.ttlMillis) {
      const end = now / 1000;
      const names = this.backend.metricNames(end - ALL_SECONDS, end + 3600);
      names.catch(() => {
        this.cached = undefined;
      });
      this.cached = { at: now, names };
    }
    return this.cached.names;
  }
}
