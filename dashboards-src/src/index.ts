// Meterline's Grafana dashboards, assembled from their section files.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { metrics } from '@meterline/sdk';
import { claudeCodeSections, withClaudeCodeVariables } from './claude-code.ts';
import {
  assemble,
  byVariable,
  datasourceVariable,
  labelVariable,
  newDashboard,
  seriesName,
  withPeopleVariables,
} from './common.ts';
import { serviceOverviewSections } from './service-overview.ts';
import { stackHealthSections } from './stack-health.ts';
import { usageSections } from './usage-and-cost.ts';
import { toVmui, type VmuiDashboard } from './vmui.ts';

export interface GeneratedDashboard {
  /** File name under stack/grafana/dashboards/. */
  file: string;
  json: dashboard.Dashboard;
}

export function dashboards(): GeneratedDashboard[] {
  const target = `target_info`;
  const overview = newDashboard(
    'meterline-service-overview',
    'Meterline / Service overview',
    'Streams, sessions, websockets, tasks and the runtime of services instrumented with @meterline/sdk.',
  )
    .withVariable(datasourceVariable())
    .withVariable(labelVariable('job', 'Job', 'job', metrics.runtime.processUptime))
    .withVariable(
      labelVariable('instance', 'Instance', 'instance', metrics.runtime.processUptime, [
        byVariable('job', 'job'),
      ]),
    );
  const usage = withPeopleVariables(
    newDashboard(
      'meterline-usage-and-cost',
      'Meterline / Usage and cost',
      'AI and API usage and cost by organization, user, session and model, from the SDK usage instruments.',
    ),
    metrics.usage.requests,
  );
  const claude = withClaudeCodeVariables(
    newDashboard(
      'meterline-claude-code',
      'Meterline / Claude Code',
      `Claude Code usage, cost and activity, from its metrics and the collector's event-derived series (${seriesName(metrics.claudeCodeEvents.apiRequests)}…).`,
    ),
  );
  const health = newDashboard(
    'meterline-stack-health',
    'Meterline / Stack health',
    `The collector, VictoriaMetrics, the stats API and the SDK exporters (resources on ${target}).`,
  ).withVariable(datasourceVariable());
  return [
    { file: 'service-overview.json', json: assemble(overview, serviceOverviewSections()) },
    { file: 'usage-and-cost.json', json: assemble(usage, usageSections()) },
    { file: 'claude-code.json', json: assemble(claude, claudeCodeSections()) },
    { file: 'stack-health.json', json: assemble(health, stackHealthSections()) },
  ];
}

/** The same dashboards for vmui (see vmui.ts for what each becomes there). */
export function vmuiDashboards(): { file: string; json: VmuiDashboard }[] {
  return dashboards().map(({ file, json }) => ({ file, json: toVmui(json, file) }));
}

/** A dashboard as the JSON file Grafana provisions. */
export function render(json: dashboard.Dashboard): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}

export { VICTORIAMETRICS_UID } from './common.ts';
export type { VmuiDashboard, VmuiPanel } from './vmui.ts';
