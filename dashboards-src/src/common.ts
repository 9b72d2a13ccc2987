// Shared builders and query helpers for every dashboard: panels are titled, described and given a unit
// here, and every metric name comes from the SDK catalog through toPrometheusName.
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import {
  type LabelMatcher,
  type MetricDefinition,
  prometheusNameVariants,
  sanitizeLabelName,
  selector,
  toPrometheusName,
} from '@meterline/sdk';

/** Label matchers a panel's queries share, such as the dashboard variables' (`job=~"$job"`). */
export type Filter = readonly LabelMatcher[];

/** A matcher on a Grafana variable's values (`label=~"$variable"`; "All" is `.*`). */
export function byVariable(label: string, variable: string): LabelMatcher {
  return { label, op: '=~', value: `$${variable}` };
}

/** The uid the provisioned VictoriaMetrics datasource has (stack/grafana/provisioning/datasources). */
export const VICTORIAMETRICS_UID = 'victoriametrics';

/** Grafana's reference to the datasource variable. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a template literal.
export const DATASOURCE_VARIABLE = '${datasource}';

/** Panels query through the datasource variable, so a dashboard works against any Prometheus-type source. */
export const datasource = { type: 'prometheus', uid: DATASOURCE_VARIABLE };

export type Panel = cog.Builder<dashboard.Panel>;

export interface Query {
  expr: string;
  legend?: string;
}

export interface PanelSpec {
  title: string;
  description: string;
  /** A Grafana unit id (`s`, `bytes`, `percentunit`, `currencyUSD`, `reqps`, `short`…). */
  unit: string;
  queries: Query[];
  /** Grid columns out of 24. Default: 8 for time series, 6 for stats, 12 for tables. */
  width?: number;
  /** Grid rows. Default: 4 for stats, else 8. */
  height?: number;
  /** The panel's minimum step (`1d` makes `$__rate_interval` cover a day). Default: Grafana's. */
  interval?: string;
}

function targets(queries: Query[], instant: boolean): cog.Builder<cog.Dataquery>[] {
  return queries.map(({ expr, legend }) => {
    const query = new prometheus.DataqueryBuilder().expr(expr).datasource(datasource);
    if (legend !== undefined) query.legendFormat(legend);
    if (instant) query.instant().format(prometheus.PromQueryFormat.Table);
    return query;
  });
}

/** The builder methods every panel type shares. */
interface PanelBuilder extends Panel {
  title(title: string): this;
  description(description: string): this;
  unit(unit: string): this;
  datasource(ref: typeof datasource): this;
  targets(targets: cog.Builder<cog.Dataquery>[]): this;
  span(width: number): this;
  height(height: number): this;
  interval(interval: string): this;
}

function configure<B extends PanelBuilder>(
  builder: B,
  spec: PanelSpec,
  size: { width: number; height: number },
  instant: boolean,
): B {
  const { title, description, unit, queries, width = size.width, height = size.height, interval } = spec;
  const configured = builder
    .title(title)
    .description(description)
    .unit(unit)
    .datasource(datasource)
    .targets(targets(queries, instant))
    .span(width)
    .height(height);
  return interval === undefined ? configured : configured.interval(interval);
}

export function timeseriesPanel(spec: PanelSpec): Panel {
  return configure(new timeseries.PanelBuilder(), spec, { width: 8, height: 8 }, false);
}

export function statPanel(spec: PanelSpec): Panel {
  return configure(new stat.PanelBuilder(), spec, { width: 6, height: 4 }, false);
}

/** Tables show instant values (top-N lists). */
export function tablePanel(spec: PanelSpec): Panel {
  return configure(new table.PanelBuilder(), spec, { width: 12, height: 8 }, true);
}

/**
 * A selector for a catalog metric. Claude Code's metrics match both names they arrive with (through the
 * collector, with unit suffixes; from its own Prometheus exporter, without).
 */
export function select(definition: MetricDefinition, filter: Filter = [], suffix = ''): string {
  const variants =
    definition.source === 'claude-code'
      ? prometheusNameVariants(definition.name, definition.unit, definition.kind)
      : [toPrometheusName(definition.name, definition.unit, definition.kind)];
  return selector(
    variants.map((name) => `${name}${suffix}`),
    filter,
  );
}

/** The base series name of a catalog metric. */
export function seriesName(definition: MetricDefinition): string {
  return toPrometheusName(definition.name, definition.unit, definition.kind);
}

function by(labels: readonly string[]): string {
  return labels.length === 0 ? '' : ` by (${labels.join(', ')})`;
}

/** Per-second rate of a counter over `$__rate_interval`. */
export function rate(
  definition: MetricDefinition,
  filter: Filter = [],
  labels: readonly string[] = [],
  suffix = '',
): string {
  return `sum${by(labels)} (rate(${select(definition, filter, suffix)}[$__rate_interval]))`;
}

/** Increase of a counter per `$__rate_interval` (per step) or over `$__range` (the dashboard's range). */
export function increase(
  definition: MetricDefinition,
  filter: Filter = [],
  labels: readonly string[] = [],
  window: '$__rate_interval' | '$__range' = '$__range',
): string {
  return `sum${by(labels)} (increase(${select(definition, filter)}[${window}]))`;
}

/**
 * The increase of a per-session counter per `$__rate_interval` or over `$__range`. Session series are
 * short-lived (one or two samples), which `rate` and `increase` read as no change; MetricsQL's
 * `increase_pure` counts them from zero, as the stats API does.
 */
export function perSession(
  definition: MetricDefinition,
  filter: Filter = [],
  labels: readonly string[] = [],
  window: '$__rate_interval' | '$__range' = '$__rate_interval',
): string {
  return `sum${by(labels)} (increase_pure(${select(definition, filter)}[${window}]))`;
}

/** A quantile of a per-session histogram, from its bucket increases per `$__rate_interval`. */
export function sessionQuantile(
  definition: MetricDefinition,
  q: number,
  filter: Filter = [],
  labels: readonly string[] = [],
): string {
  return `histogram_quantile(${q}, sum${by(['le', ...labels])} (increase_pure(${select(definition, filter, '_bucket')}[$__rate_interval])))`;
}

/** A quantile of a histogram over `$__rate_interval`. */
export function quantile(
  definition: MetricDefinition,
  q: number,
  filter: Filter = [],
  labels: readonly string[] = [],
): string {
  return `histogram_quantile(${q}, sum${by(['le', ...labels])} (rate(${select(definition, filter, '_bucket')}[$__rate_interval])))`;
}

/** The current value of a gauge or up-down counter, aggregated. */
export function level(
  definition: MetricDefinition,
  filter: Filter = [],
  labels: readonly string[] = [],
  aggregate = 'sum',
): string {
  return `${aggregate}${by(labels)} (${select(definition, filter)})`;
}

/** The datasource variable every dashboard starts with, defaulting to the provisioned VictoriaMetrics. */
export function datasourceVariable(): cog.Builder<dashboard.VariableModel> {
  return new dashboard.DatasourceVariableBuilder('datasource')
    .label('Datasource')
    .type('prometheus')
    .current({ text: 'VictoriaMetrics', value: VICTORIAMETRICS_UID });
}

/** A multi-value variable of a label's values on the series of a catalog metric. */
export function labelVariable(
  name: string,
  title: string,
  label: string,
  definition: MetricDefinition,
  filter: Filter = [],
): cog.Builder<dashboard.VariableModel> {
  return new dashboard.QueryVariableBuilder(name)
    .label(title)
    .datasource(datasource)
    .query(`label_values(${select(definition, filter)}, ${label})`)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
}

/** A section: a row header and the panels beside it. */
export interface Section {
  title: string;
  panels: Panel[];
}

/**
 * Assembles a dashboard from sections and gives every panel an id and every query a refId, which the
 * builder leaves empty.
 */
export function assemble(builder: dashboard.DashboardBuilder, sections: Section[]): dashboard.Dashboard {
  for (const section of sections) {
    builder.withRow(new dashboard.RowBuilder(section.title));
    for (const panel of section.panels) builder.withPanel(panel);
  }
  const built = builder.build();
  let id = 1;
  for (const panel of built.panels ?? []) {
    panel.id = id++;
    const queries = ((panel as dashboard.Panel).targets ?? []) as { refId?: string }[];
    queries.forEach((query, i) => {
      query.refId = String.fromCharCode(65 + i);
    });
  }
  return built;
}

const [ORGANIZATION, USER] = ['organization.id', 'user.id'].map(sanitizeLabelName) as [string, string];

/** The filter the organization and user variables of {@link withPeopleVariables} feed. */
export const PEOPLE_FILTER: Filter = [byVariable(ORGANIZATION, 'organization'), byVariable(USER, 'user')];

/** Adds the datasource, organization and user variables, read from the series of `definition`. */
export function withPeopleVariables(
  builder: dashboard.DashboardBuilder,
  definition: MetricDefinition,
): dashboard.DashboardBuilder {
  return builder
    .withVariable(datasourceVariable())
    .withVariable(labelVariable('organization', 'Organization', ORGANIZATION, definition))
    .withVariable(
      labelVariable('user', 'User', USER, definition, [byVariable(ORGANIZATION, 'organization')]),
    );
}

/** A dashboard with the settings every Meterline dashboard shares. */
export function newDashboard(uid: string, title: string, description: string): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['meterline'])
    .editable()
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair);
}
