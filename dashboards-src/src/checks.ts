// Offline checks for generated dashboards (Grafana does not run here): the rules of docs/design.md §9, and the
// PromQL of every query, with Grafana's variables replaced by sample values.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { parser } from '@prometheus-io/lezer-promql';
import { DATASOURCE_VARIABLE } from './common.ts';

export interface PanelQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

type AnyPanel = dashboard.Panel | dashboard.RowPanel;

/** Values for Grafana's variables, as a test run (or a user's default choice) would set them. */
export const SAMPLE_VARIABLES: Record<string, string> = {
  $__rate_interval: '5m',
  $__range: '6h',
  $__interval: '1m',
  $job: '.*',
  $instance: '.*',
  $organization: '.*',
  $user: '.*',
  $department: '.*',
  $team: '.*',
};

export function withSampleValues(expr: string): string {
  return expr.replace(
    /\$__rate_interval|\$__range|\$__interval|\$job|\$instance|\$organization|\$user|\$department|\$team/g,
    (name) => SAMPLE_VARIABLES[name] as string,
  );
}

export function queriesOf(name: string, json: dashboard.Dashboard): PanelQuery[] {
  return (json.panels ?? []).flatMap((panel) =>
    panel.type === 'row'
      ? []
      : ((panel as dashboard.Panel).targets ?? []).map((target) => ({
          dashboard: name,
          panel: (panel as dashboard.Panel).title ?? '',
          expr: (target as unknown as { expr: string }).expr,
        })),
  );
}

/**
 * Syntax errors lezer-promql marks in an expression (it never throws; it adds error nodes). The one
 * MetricsQL function the dashboards use, `increase_pure`, has `increase`'s syntax and is parsed as it.
 */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  const tree = parser.parse(expr.replaceAll('increase_pure(', 'increase('));
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`error at ${node.from}: "${expr.slice(node.from, node.to + 5)}"`);
    },
  });
  return errors;
}

/** Breaks of the dashboard rules, each naming the panel. */
export function lint(name: string, json: dashboard.Dashboard): string[] {
  const problems: string[] = [];
  const panels = (json.panels ?? []) as AnyPanel[];
  const ids = new Set<number>();
  for (const panel of panels) {
    const where = `${name} / ${panel.title ?? `panel ${panel.id}`}`;
    if (panel.id === undefined || ids.has(panel.id))
      problems.push(`${where}: missing or duplicate id ${panel.id}`);
    ids.add(panel.id as number);
    const { x = 0, w = 0 } = panel.gridPos ?? {};
    if (panel.gridPos === undefined || x + w > 24)
      problems.push(`${where}: gridPos missing or wider than 24 columns`);
    if (panel.type === 'row') {
      if ((panel as dashboard.RowPanel).collapsed)
        problems.push(`${where}: collapsed rows hide their panels from provisioning`);
      continue;
    }
    const p = panel as dashboard.Panel;
    if (!p.title) problems.push(`${where}: no title`);
    if (!p.description) problems.push(`${where}: no description`);
    if (!p.fieldConfig?.defaults?.unit) problems.push(`${where}: no unit`);
    if ((p.datasource as { uid?: string } | undefined)?.uid !== DATASOURCE_VARIABLE)
      problems.push(`${where}: datasource is not the template variable`);
    for (const target of p.targets ?? []) {
      const query = target as { expr?: string; refId?: string; datasource?: { uid?: string } };
      if (!query.refId) problems.push(`${where}: a query has no refId`);
      if (query.datasource?.uid !== DATASOURCE_VARIABLE)
        problems.push(`${where}: a query's datasource is not the template variable`);
      const expr = query.expr ?? '';
      for (const match of expr.matchAll(/\b(rate|increase|increase_pure)\(([^[]*)\[([^\]]+)\]\)/g)) {
        if (match[3] !== '$__rate_interval' && match[3] !== '$__range')
          problems.push(`${where}: ${match[1]} over ${match[3]} instead of $__rate_interval or $__range`);
      }
      const bare = expr.replace(/\b(rate|increase|increase_pure)\([^)]*\)/g, '');
      if (/_(total|bucket|count|sum)\b/.test(bare))
        problems.push(`${where}: a counter is not wrapped in rate or increase: ${expr}`);
    }
  }
  for (const variable of json.templating?.list ?? []) {
    if (
      variable.type === 'query' &&
      (variable.datasource as { uid?: string } | undefined)?.uid !== DATASOURCE_VARIABLE
    ) {
      problems.push(`${name}: variable ${variable.name} does not use the datasource variable`);
    }
  }
  return problems;
}
