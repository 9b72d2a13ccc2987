import { LIFETIME_SECONDS } from './boundaries.ts';
import { defineMetric } from './define-metric.ts';

const source = 'meterline';

/** The ways a task run ends; `task.outcome` takes exactly these values. */
export const TASK_OUTCOMES = ['success', 'failure', 'timeout', 'cancelled'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** Background tasks: how many run, how they end, how long they take, what they print. */
export const tasks = {
  active: defineMetric({
    name: 'task.active',
    kind: 'updowncounter',
    unit: '{task}',
    description: 'Task runs in progress.',
    attributes: ['task.name'],
    source,
  }),
  runs: defineMetric({
    name: 'task.runs',
    kind: 'counter',
    unit: '{run}',
    description: 'Finished task runs, by outcome (success, failure, timeout, cancelled).',
    attributes: ['task.name', 'task.outcome'],
    source,
  }),
  duration: defineMetric({
    name: 'task.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Task run time, by outcome.',
    attributes: ['task.name', 'task.outcome'],
    boundaries: LIFETIME_SECONDS,
    source,
  }),
  outputLines: defineMetric({
    name: 'task.output.lines',
    kind: 'counter',
    unit: '{line}',
    description: 'Lines of output written by tasks.',
    attributes: ['task.name'],
    source,
  }),
  outputBufferSize: defineMetric({
    name: 'task.output.buffer.size',
    kind: 'gauge',
    unit: 'By',
    description: 'Bytes of task output buffered and not yet consumed.',
    attributes: ['task.name'],
    source,
  }),
};
