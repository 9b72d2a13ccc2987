import { claudeCode } from './claude-code.ts';
import { claudeCodeEvents } from './claude-code-events.ts';
import type { MetricDefinition } from './define-metric.ts';
import { exporter } from './exporter.ts';
import { runtime } from './runtime.ts';
import { sessions } from './sessions.ts';
import { collector, victoriaMetrics } from './stack-components.ts';
import { statsApi } from './stats-api.ts';
import { streams } from './streams.ts';
import { tasks } from './tasks.ts';
import { usage } from './usage.ts';
import { websockets } from './websockets.ts';

/** Every built-in metric, grouped by family. */
export const metrics = {
  streams,
  sessions,
  websockets,
  tasks,
  runtime,
  usage,
  exporter,
  statsApi,
  claudeCode,
  claudeCodeEvents,
  collector,
  victoriaMetrics,
} as const;

export type MetricFamily = keyof typeof metrics;

/** Every built-in metric as data, in family order: the single source of truth for names. */
export const catalog: readonly MetricDefinition[] = Object.freeze(
  Object.values(metrics).flatMap((family) => Object.values(family) as MetricDefinition[]),
);
