import { claudeCode } from './claude-code.ts';
import { claudeCodeEvents } from './claude-code-events.ts';
import type { MetricDefinition } from './define-metric.ts';
import { exporter } from './exporter.ts';
import { httpServer } from './http-server.ts';
import { runtime } from './runtime.ts';
import { sessions } from './sessions.ts';
import { collector, victoriaMetrics } from './stack-components.ts';
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
  httpServer,
  usage,
  exporter,
  claudeCode,
  claudeCodeEvents,
  collector,
  victoriaMetrics,
} as const;

export type MetricFamily = keyof typeof metrics;

/**
 * The families a service records through {@link Meterline}'s typed instruments (`ml.streams`, `ml.usage`…).
 * The runtime family is recorded by the SDK itself; the others describe the stack and Claude Code.
 */
export const SERVICE_FAMILIES = [
  'streams',
  'sessions',
  'websockets',
  'tasks',
  'usage',
] as const satisfies readonly MetricFamily[];
export type ServiceFamily = (typeof SERVICE_FAMILIES)[number];

/** Every built-in metric as data, in family order: the single source of truth for names. */
export const catalog: readonly MetricDefinition[] = Object.freeze(
  Object.values(metrics).flatMap((family) => Object.values(family) as MetricDefinition[]),
);
