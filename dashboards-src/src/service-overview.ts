// Service overview: streams, sessions, websockets, tasks and the runtime of the services using the SDK.
import { metrics } from '@meterline/sdk';
import {
  byVariable,
  type Filter,
  level,
  type Panel,
  quantile,
  rate,
  type Section,
  statPanel,
  timeseriesPanel,
} from './common.ts';

const { streams, sessions, websockets, tasks, runtime, httpServer } = metrics;
const f: Filter = [byVariable('job', 'job'), byVariable('instance', 'instance')];

// Recorded by OpenTelemetry's HTTP instrumentation through Meterline, not by the typed instruments.
function httpServerPanels(): Panel[] {
  const duration = httpServer.requestDuration;
  const serverErrors: Filter = [...f, { label: 'http_response_status_code', op: '=~', value: '5..' }];
  return [
    timeseriesPanel({
      title: 'HTTP requests',
      description: 'Requests per second served, by method and status code.',
      unit: 'reqps',
      queries: [
        {
          expr: rate(duration, f, ['http_request_method', 'http_response_status_code'], '_count'),
          legend: '{{http_request_method}} {{http_response_status_code}}',
        },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'HTTP server errors',
      description: 'Share of requests answered with a 5xx status; 0 while none failed.',
      unit: 'percentunit',
      queries: [
        {
          // A service that never failed has no 5xx series: show 0 rather than no data.
          expr: `(${rate(duration, serverErrors, [], '_count')} or ${rate(duration, f, [], '_count')} * 0) / ${rate(duration, f, [], '_count')}`,
          legend: '5xx ratio',
        },
      ],
      width: 8,
    }),
    timeseriesPanel({
      title: 'HTTP latency',
      description: 'Median and 95th percentile request duration, over every route.',
      unit: 's',
      queries: [
        { expr: quantile(duration, 0.5, f), legend: 'p50' },
        { expr: quantile(duration, 0.95, f), legend: 'p95' },
      ],
      width: 8,
    }),
  ];
}

function streamPanels(): Panel[] {
  return [
    timeseriesPanel({
      title: 'Open streams',
      description: 'Streams currently open, by kind.',
      unit: 'short',
      queries: [{ expr: level(streams.active, f, ['stream_kind']), legend: '{{stream_kind}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Stream throughput',
      description: 'Bytes per second carried by streams, by kind.',
      unit: 'binBps',
      queries: [{ expr: rate(streams.io, f, ['stream_kind']), legend: '{{stream_kind}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Lines per second',
      description: 'Lines per second carried by streams, by kind.',
      unit: 'short',
      queries: [{ expr: rate(streams.lines, f, ['stream_kind']), legend: '{{stream_kind}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Stream errors per opened stream',
      description: 'Stream errors divided by streams opened, over the rate interval.',
      unit: 'percentunit',
      queries: [{ expr: `${rate(streams.errors, f)} / ${rate(streams.opened, f)}`, legend: 'error ratio' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Stream duration',
      description: 'Median and 95th percentile time from opening a stream to its end.',
      unit: 's',
      queries: [
        { expr: quantile(streams.duration, 0.5, f), legend: 'p50' },
        { expr: quantile(streams.duration, 0.95, f), legend: 'p95' },
      ],
      width: 24,
    }),
  ];
}

function sessionPanels(): Panel[] {
  return [
    statPanel({
      title: 'Live sessions',
      description: 'Sessions currently live.',
      unit: 'short',
      queries: [{ expr: level(sessions.active, f) }],
      width: 6,
      height: 8,
    }),
    timeseriesPanel({
      title: 'Sessions started',
      description: 'Sessions started per second, by kind.',
      unit: 'short',
      queries: [{ expr: rate(sessions.started, f, ['session_kind']), legend: '{{session_kind}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Session errors and timeouts per session',
      description: 'Session errors and timeouts divided by sessions started.',
      unit: 'percentunit',
      queries: [
        { expr: `${rate(sessions.errors, f)} / ${rate(sessions.started, f)}`, legend: 'errors' },
        { expr: `${rate(sessions.timeouts, f)} / ${rate(sessions.started, f)}`, legend: 'timeouts' },
      ],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Session duration',
      description: 'Median and 95th percentile session duration.',
      unit: 's',
      queries: [
        { expr: quantile(sessions.duration, 0.5, f), legend: 'p50' },
        { expr: quantile(sessions.duration, 0.95, f), legend: 'p95' },
      ],
      width: 6,
    }),
  ];
}

function websocketPanels(): Panel[] {
  return [
    timeseriesPanel({
      title: 'Open connections',
      description: 'WebSocket connections currently open, by route (saturation).',
      unit: 'short',
      queries: [
        { expr: level(websockets.activeConnections, f, ['websocket_route']), legend: '{{websocket_route}}' },
      ],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Messages per second',
      description: 'WebSocket messages sent and received per second.',
      unit: 'short',
      queries: [
        { expr: rate(websockets.sentMessages, f), legend: 'sent' },
        { expr: rate(websockets.receivedMessages, f), legend: 'received' },
      ],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Message size p95',
      description: '95th percentile WebSocket message size, by direction.',
      unit: 'bytes',
      queries: [
        {
          expr: quantile(websockets.messageSize, 0.95, f, ['websocket_direction']),
          legend: '{{websocket_direction}}',
        },
      ],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Authentication failures',
      description: 'Connections refused by authentication per second, by reason.',
      unit: 'short',
      queries: [{ expr: rate(websockets.authFailures, f, ['error_type']), legend: '{{error_type}}' }],
      width: 6,
    }),
  ];
}

function taskPanels(): Panel[] {
  return [
    timeseriesPanel({
      title: 'Active tasks',
      description: 'Task runs in progress, by task (saturation).',
      unit: 'short',
      queries: [{ expr: level(tasks.active, f, ['task_name']), legend: '{{task_name}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Task runs by outcome',
      description: 'Finished task runs per second: success, failure, timeout, cancelled.',
      unit: 'short',
      queries: [{ expr: rate(tasks.runs, f, ['task_outcome']), legend: '{{task_outcome}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Task failure ratio',
      description: 'Share of finished runs that did not succeed.',
      unit: 'percentunit',
      queries: [
        {
          expr: `${rate(tasks.runs, [...f, { label: 'task_outcome', op: '!=', value: 'success' }])} / ${rate(tasks.runs, f)}`,
          legend: 'not successful',
        },
      ],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Task duration p95',
      description: '95th percentile task run time, by task.',
      unit: 's',
      queries: [{ expr: quantile(tasks.duration, 0.95, f, ['task_name']), legend: '{{task_name}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Task output',
      description: 'Output lines per second, by task.',
      unit: 'short',
      queries: [{ expr: rate(tasks.outputLines, f, ['task_name']), legend: '{{task_name}}' }],
      width: 12,
    }),
    timeseriesPanel({
      title: 'Output buffer size',
      description: 'Bytes of task output buffered and not yet consumed (saturation).',
      unit: 'bytes',
      queries: [{ expr: level(tasks.outputBufferSize, f, ['task_name'], 'max'), legend: '{{task_name}}' }],
      width: 12,
    }),
  ];
}

function runtimePanels(): Panel[] {
  return [
    timeseriesPanel({
      title: 'Resident memory',
      description: 'Resident set size per instance.',
      unit: 'bytes',
      queries: [{ expr: level(runtime.processMemoryUsage, f, ['instance']), legend: '{{instance}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'CPU utilization',
      description: 'Share of CPU time used per instance.',
      unit: 'percentunit',
      queries: [{ expr: level(runtime.processCpuUtilization, f, ['instance']), legend: '{{instance}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Event-loop delay p99',
      description: '99th percentile event-loop delay per instance.',
      unit: 's',
      queries: [{ expr: level(runtime.eventLoopDelayP99, f, ['instance'], 'max'), legend: '{{instance}}' }],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Event-loop utilization',
      description: 'Share of time the event loop was busy, per instance.',
      unit: 'percentunit',
      queries: [
        { expr: level(runtime.eventLoopUtilization, f, ['instance'], 'max'), legend: '{{instance}}' },
      ],
      width: 6,
    }),
    timeseriesPanel({
      title: 'Heap used',
      description: 'V8 heap in use per instance.',
      unit: 'bytes',
      queries: [{ expr: level(runtime.heapUsed, f, ['instance']), legend: '{{instance}}' }],
      width: 12,
    }),
    timeseriesPanel({
      title: 'Uptime',
      description: 'Time since each instance started.',
      unit: 's',
      queries: [{ expr: level(runtime.processUptime, f, ['instance'], 'max'), legend: '{{instance}}' }],
      width: 12,
    }),
  ];
}

export function serviceOverviewSections(): Section[] {
  return [
    { title: 'HTTP server', panels: httpServerPanels() },
    { title: 'Streams', panels: streamPanels() },
    { title: 'Sessions', panels: sessionPanels() },
    { title: 'WebSockets', panels: websocketPanels() },
    { title: 'Tasks', panels: taskPanels() },
    { title: 'Runtime', panels: runtimePanels() },
  ];
}
