import type { Meterline } from '../meterline.ts';

/** One model or API request, as {@link recordUsage} records it. */
export interface UsageRecord {
  sessionId: string;
  userId?: string;
  organizationId?: string;
  model: string;
  /** Default: `'success'`. */
  outcome?: 'success' | 'error';
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheCreationTokens?: number;
  /** Cost in US dollars. */
  costUsd?: number;
  durationSeconds?: number;
}

/** Records one request: its cost, tokens by type, the request itself and its duration. */
export function recordUsage(meterline: Meterline, record: UsageRecord): void {
  const { usage } = meterline;
  const identity = {
    'session.id': record.sessionId,
    'user.id': record.userId,
    'organization.id': record.organizationId,
  };
  const model = { ...identity, model: record.model };
  const outcome = { ...model, outcome: record.outcome ?? 'success' };
  usage.requests.add(1, outcome);
  if (record.durationSeconds !== undefined) usage.requestDuration.record(record.durationSeconds, outcome);
  if (record.costUsd !== undefined) usage.cost.add(record.costUsd, model);
  const tokens = [
    ['input', record.inputTokens],
    ['output', record.outputTokens],
    ['cache_read', record.cacheReadTokens],
    ['cache_creation', record.cacheCreationTokens],
  ] as const;
  for (const [type, count] of tokens) {
    if (count !== undefined) usage.tokens.add(count, { ...model, 'token.type': type });
  }
}
