// The same dashboards for vmui, VictoriaMetrics' own UI, which the local stack serves without Docker or
// Grafana (-vmui.customDashboardsPath). vmui draws every panel as a graph over time and has no template
// variables, so each Grafana dashboard becomes:
//   - its rows and panels, in order, each panel with its title, description, unit and legend;
//   - every variable at its "All" value (vmui shows every organization, user, job…);
//   - stat and table panels as graphs: a total over the dashboard's range ($__range) becomes the
//     increase per graph step, and $__rate_interval the step itself (MetricsQL's default window);
//   - a top-k table as the k series highest anywhere in the range (MetricsQL's topk_max): topk picks k
//     per step, which over a graph's hundreds of steps is every series, more than vmui draws.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** vmui's dashboard file (app/vmselect/vmui.go in VictoriaMetrics). */
export interface VmuiDashboard {
  title: string;
  filename: string;
  rows: { title: string; panels: VmuiPanel[] }[];
}

export interface VmuiPanel {
  title: string;
  description: string;
  unit?: string;
  expr: string[];
  alias?: string[];
  /** Columns of 12. */
  width: number;
}

// Grafana's units as vmui labels its y axis (free text).
const UNITS: Record<string, string> = {
  currencyUSD: 'USD',
  s: 's',
  ms: 'ms',
  bytes: 'bytes',
  decbytes: 'bytes',
  percentunit: 'ratio (0–1)',
  reqps: 'requests/s',
  ops: 'per second',
};

interface GrafanaPanel {
  type: string;
  title?: string;
  description?: string;
  gridPos?: { w: number };
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: { expr?: string; legendFormat?: string }[];
}

/** An expression with every variable at its "All" value and Grafana's intervals as MetricsQL defaults. */
export function vmuiExpr(expr: string, allValues: Readonly<Record<string, string>>): string {
  return expr
    .replace(/\btopk\(/g, 'topk_max(')
    .replace(/\[\$__(rate_interval|range|interval)\]/g, '')
    .replace(/\$\{?(\w+)\}?/g, (whole, name: string) => allValues[name] ?? whole);
}

export function toVmui(json: dashboard.Dashboard, filename: string): VmuiDashboard {
  const allValues = Object.fromEntries(
    (json.templating?.list ?? []).map((variable) => [variable.name, variable.allValue ?? '.*']),
  );
  const rows: VmuiDashboard['rows'] = [];
  for (const panel of (json.panels ?? []) as GrafanaPanel[]) {
    if (panel.type === 'row') {
      rows.push({ title: panel.title ?? '', panels: [] });
      continue;
    }
    if (rows.length === 0) rows.push({ title: '', panels: [] });
    const targets = (panel.targets ?? []).filter((target) => target.expr !== undefined);
    const overRange = targets.some((target) => target.expr?.includes('$__range'));
    const unit = UNITS[panel.fieldConfig?.defaults?.unit ?? ''];
    const aliases = targets.map((target) => target.legendFormat ?? '');
    rows.at(-1)?.panels.push({
      title: panel.title ?? '',
      description: `${panel.description ?? ''}${overRange ? ' In vmui: the increase per graph step.' : ''}`,
      ...(unit === undefined ? {} : { unit }),
      expr: targets.map((target) => vmuiExpr(target.expr as string, allValues)),
      ...(aliases.some((alias) => alias !== '') ? { alias: aliases } : {}),
      width: Math.max(1, Math.min(12, Math.round((panel.gridPos?.w ?? 24) / 2))),
    });
  }
  return { title: json.title ?? filename, filename, rows: rows.filter((row) => row.panels.length > 0) };
}
