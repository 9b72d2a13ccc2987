// Where each usage source keeps what the usage views report: which catalog metric holds cost, tokens,
// requests…, which attribute breaks each down, and what its values mean. The stats API, the dashboards
// and the rollups read this table; adding a source or an attribute is an edit here.
import { sanitizeLabelName } from '../naming/prometheus-name.ts';
import { CLAUDE_CODE_TEAM_ATTRIBUTES, claudeCode } from './claude-code.ts';
import { claudeCodeEvents } from './claude-code-events.ts';
import type { MetricDefinition } from './define-metric.ts';
import { usage } from './usage.ts';

export type UsageSourceId = 'sdk' | 'claude-code';
export const USAGE_SOURCE_IDS: readonly UsageSourceId[] = ['sdk', 'claude-code'];

/** The measures every usage view reports, whichever source they come from. */
export type UsageMeasure =
  | 'cost'
  | 'tokens'
  | 'requests'
  | 'requestDuration'
  | 'prompts'
  | 'tools'
  | 'activeTime';
/** Measures only some sources have. */
export type UsageExtra = 'linesOfCode' | 'commits' | 'pullRequests' | 'apiErrors' | 'toolDecisions';
/** Series that show a session was active without being reported themselves. */
export type UsageMarker = 'sessionStarts' | 'editDecisions';
/** Gauges whose values are a session's start and end, in Unix seconds. */
export type UsageBound = 'sessionStart' | 'sessionEnd';
/** The token types the views report. */
export const TOKEN_KEYS = ['input', 'output', 'cacheRead', 'cacheCreation'] as const;
export type TokenKey = (typeof TOKEN_KEYS)[number];

/** The attribute keys (catalog form) a source's measures are identified and broken down by. */
export interface UsageKeys {
  session: string;
  user: string;
  userEmail: string;
  organization: string;
  model: string;
  tokenType: string;
  tool: string;
  toolOutcome: string;
  decision: string;
  linesType: string;
}

export interface UsageSource {
  id: UsageSourceId;
  measures: Readonly<Record<UsageMeasure, MetricDefinition>>;
  extras: Readonly<Partial<Record<UsageExtra, MetricDefinition>>>;
  markers: Readonly<Partial<Record<UsageMarker, MetricDefinition>>>;
  /** Where the source records when a session started and ended; without them, samples tell. */
  bounds: Readonly<Partial<Record<UsageBound, MetricDefinition>>>;
  keys: Readonly<UsageKeys>;
  /** The source's token type values, as the views name them. */
  tokenTypes: Readonly<Record<string, TokenKey>>;
  /** The tool outcome value that means success. */
  toolSuccess: string;
  /** Failed requests, where the source counts them as a value of the requests' attribute. */
  requestErrors: { key: string; value: string } | null;
  /** Attribute keys the user and organization views can break totals down by (`by=`). */
  breakdowns: readonly string[];
}

const identity = {
  session: 'session.id',
  user: 'user.id',
  userEmail: 'user.email',
  organization: 'organization.id',
  model: 'model',
};

export const USAGE_SOURCES: Readonly<Record<UsageSourceId, UsageSource>> = {
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
    bounds: { sessionStart: usage.sessionStartTime, sessionEnd: usage.sessionEndTime },
    keys: {
      ...identity,
      tokenType: 'token.type',
      tool: 'tool.name',
      toolOutcome: 'outcome',
      decision: 'decision',
      linesType: 'type',
    },
    tokenTypes: {
      input: 'input',
      output: 'output',
      cache_read: 'cacheRead',
      cache_creation: 'cacheCreation',
    },
    toolSuccess: 'success',
    requestErrors: { key: 'outcome', value: 'error' },
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
    bounds: {},
    keys: {
      ...identity,
      tokenType: 'type',
      tool: 'tool_name',
      toolOutcome: 'success',
      decision: 'decision',
      linesType: 'type',
    },
    tokenTypes: { input: 'input', output: 'output', cacheRead: 'cacheRead', cacheCreation: 'cacheCreation' },
    toolSuccess: 'true',
    requestErrors: null,
    breakdowns: ['model', 'user.email', ...CLAUDE_CODE_TEAM_ATTRIBUTES],
  },
};

/** The label and value that mark a failed request, where the source counts failures on its requests. */
export function requestErrorLabel(source: UsageSource): { label: string; value: string } | null {
  const { requestErrors } = source;
  return requestErrors === null
    ? null
    : { label: sanitizeLabelName(requestErrors.key), value: requestErrors.value };
}

/** The Prometheus labels of a source's keys, as PromQL sees them. */
export function usageLabels(source: UsageSource): Readonly<UsageKeys> {
  return Object.fromEntries(
    Object.entries(source.keys).map(([name, key]) => [name, sanitizeLabelName(key)]),
  ) as unknown as UsageKeys;
}
