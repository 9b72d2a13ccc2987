import { describe, expect, it } from 'vitest';
import { toPrometheusName } from '../naming/prometheus-name.ts';
import { catalog, metrics } from './catalog.ts';
import { IDENTITY_ATTRIBUTES } from './usage.ts';

describe('catalog', () => {
  it('declares every metric once, under a unique OTel and Prometheus name', () => {
    const names = catalog.map((definition) => definition.name);
    expect(new Set(names).size).toBe(names.length);
    const seriesNames = catalog.map((d) => toPrometheusName(d.name, d.unit, d.kind));
    expect(new Set(seriesNames).size).toBe(seriesNames.length);
  });

  it('lists every family in order', () => {
    expect(Object.keys(metrics)).toEqual([
      'streams',
      'sessions',
      'websockets',
      'tasks',
      'runtime',
      'httpServer',
      'usage',
      'exporter',
      'claudeCode',
      'claudeCodeEvents',
      'collector',
      'victoriaMetrics',
    ]);
    expect(catalog).toHaveLength(
      Object.values(metrics).reduce((n, family) => n + Object.keys(family).length, 0),
    );
  });

  it('gives every usage metric the identity attributes', () => {
    for (const definition of Object.values(metrics.usage)) {
      expect(definition.attributes).toEqual(expect.arrayContaining([...IDENTITY_ATTRIBUTES]));
    }
  });

  it('measures every duration histogram in seconds with explicit boundaries', () => {
    for (const definition of catalog.filter((d) => d.kind === 'histogram' && d.source === 'meterline')) {
      expect(definition.boundaries?.length, definition.name).toBeGreaterThan(0);
      if (definition.name.endsWith('duration')) expect(definition.unit, definition.name).toBe('s');
    }
  });

  it('names the Claude Code metrics as the collector does', () => {
    const names = Object.values(metrics.claudeCode).map((d) => toPrometheusName(d.name, d.unit, d.kind));
    expect(names).toEqual([
      'claude_code_session_count_total',
      'claude_code_lines_of_code_count_total',
      'claude_code_pull_request_count_total',
      'claude_code_commit_count_total',
      'claude_code_cost_usage_USD_total',
      'claude_code_token_usage_tokens_total',
      'claude_code_code_edit_tool_decision_total',
      'claude_code_active_time_seconds_total',
    ]);
  });

  it('names the stack components as they expose themselves', () => {
    const names = [...Object.values(metrics.collector), ...Object.values(metrics.victoriaMetrics)].map((d) =>
      toPrometheusName(d.name, d.unit, d.kind),
    );
    expect(names).toEqual([
      'otelcol_receiver_accepted_metric_points_total',
      'otelcol_receiver_refused_metric_points_total',
      'otelcol_exporter_sent_metric_points_total',
      'otelcol_exporter_send_failed_metric_points_total',
      'otelcol_exporter_queue_size',
      'otelcol_exporter_queue_capacity',
      'vm_rows_inserted_total',
      'vm_slow_row_inserts_total',
      'vm_cache_entries',
      'vm_data_size_bytes',
    ]);
  });

  it('names the metrics the collector derives from Claude Code events', () => {
    const names = Object.values(metrics.claudeCodeEvents).map((d) =>
      toPrometheusName(d.name, d.unit, d.kind),
    );
    expect(names).toEqual([
      'claude_code_api_requests_total',
      'claude_code_api_request_duration_seconds',
      'claude_code_api_errors_total',
      'claude_code_prompts_total',
      'claude_code_tool_results_total',
      'claude_code_tool_decisions_total',
    ]);
  });
});
