import { describe, expect, it } from 'vitest';
import {
  type InstrumentKind,
  prometheusNameVariants,
  sanitizeLabelName,
  toPrometheusName,
} from './prometheus-name.ts';

describe('toPrometheusName', () => {
  const cases: [name: string, unit: string, kind: InstrumentKind, expected: string][] = [
    // Every worked example of the naming rules (docs/design.md §3).
    ['cpu.time', 's', 'counter', 'cpu_time_seconds_total'],
    ['bytes.sent', 'By', 'counter', 'bytes_sent_total'],
    ['requests.total.count', '', 'counter', 'requests_count_total'],
    ['data.rate', 'By/s', 'counter', 'data_rate_bytes_per_second_total'],
    ['2xx.responses', '', 'counter', '_2xx_responses_total'],
    ['queue.size', '{item}', 'updowncounter', 'queue_size'],
    ['cpu.utilization', '1', 'gauge', 'cpu_utilization_ratio'],
    ['memory.usage', 'By', 'gauge', 'memory_usage_bytes'],
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['claude_code.cost.usage', 'USD', 'counter', 'claude_code_cost_usage_USD_total'],
    ['claude_code.token.usage', 'tokens', 'counter', 'claude_code_token_usage_tokens_total'],
    ['claude_code.active_time.total', 's', 'counter', 'claude_code_active_time_seconds_total'],
    // Edge cases.
    ['requests', '1', 'counter', 'requests_total'],
    ['load', '1', 'updowncounter', 'load'],
    ['cpu.ratio', '1', 'gauge', 'cpu_ratio'],
    ['cpu.ratio.value', '1', 'gauge', 'cpu_value_ratio'],
    ['latency', 'ms', 'histogram', 'latency_milliseconds'],
    ['latency.seconds', 's', 'histogram', 'latency_seconds'],
    ['throughput', '{packet}/s', 'gauge', 'throughput_per_second'],
    ['throughput', 'By/{op}', 'gauge', 'throughput_bytes'],
    ['speed', 'm/s', 'gauge', 'speed_meters_per_second'],
    ['events', '/mo', 'counter', 'events_per_month_total'],
    ['events', 'By/fortnight', 'counter', 'events_bytes_per_fortnight_total'],
    ['disk.free', 'GiBy', 'gauge', 'disk_free_gibibytes'],
    ['temperature', 'Cel', 'gauge', 'temperature_celsius'],
    ['usage', '%', 'gauge', 'usage_percent'],
    ['total', '', 'counter', 'total'],
    ['total.total', '', 'updowncounter', 'total_total'],
    ['my--weird__name..x', '', 'gauge', 'my_weird_name_x'],
    ['ns:metric.name', '', 'gauge', 'ns:metric_name'],
    ['héllo.wörld', '', 'gauge', 'h_llo_w_rld'],
    ['9lives', 's', 'gauge', '_9lives_seconds'],
    ['run', ' s ', 'counter', 'run_seconds_total'],
    ['cost', 'US$', 'counter', 'cost_US_total'],
    ['stream.io', 'By', 'counter', 'stream_io_bytes_total'],
  ];
  it.each(cases)('%s [%s] %s → %s', (name, unit, kind, expected) => {
    expect(toPrometheusName(name, unit, kind)).toBe(expected);
  });
});

describe('sanitizeLabelName', () => {
  const cases: [key: string, expected: string][] = [
    ['session.id', 'session_id'],
    ['service.instance.id', 'service_instance_id'],
    ['already_ok', 'already_ok'],
    ['1st', 'key_1st'],
    ['a-b c', 'a_b_c'],
    ['ümlaut', '_mlaut'],
    ['emoji😀', 'emoji_'],
  ];
  it.each(cases)('%s → %s', (key, expected) => {
    expect(sanitizeLabelName(key)).toBe(expected);
  });
});

describe('prometheusNameVariants', () => {
  const cases: [name: string, unit: string, kind: InstrumentKind, expected: string[]][] = [
    [
      'claude_code.cost.usage',
      'USD',
      'counter',
      ['claude_code_cost_usage_USD_total', 'claude_code_cost_usage_total'],
    ],
    [
      'claude_code.token.usage',
      'tokens',
      'counter',
      ['claude_code_token_usage_tokens_total', 'claude_code_token_usage_total'],
    ],
    [
      'claude_code.active_time.total',
      's',
      'counter',
      ['claude_code_active_time_seconds_total', 'claude_code_active_time_total'],
    ],
    ['claude_code.session.count', '', 'counter', ['claude_code_session_count_total']],
  ];
  it.each(cases)('%s [%s]', (name, unit, kind, expected) =>
    expect(prometheusNameVariants(name, unit, kind)).toEqual(expected),
  );
});
