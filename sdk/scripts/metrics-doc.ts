import { catalog, type MetricDefinition, sanitizeLabelName, toPrometheusName } from '@meterline/sdk';

const FAMILY_TITLES: Record<MetricDefinition['source'], string> = {
  meterline: 'Meterline SDK',
  runtime: 'Node.js runtime (OpenTelemetry instrumentation packages)',
  'claude-code': 'Claude Code (external source)',
  collector: 'OpenTelemetry Collector (the stack)',
  victoriametrics: 'VictoriaMetrics (the stack)',
  user: 'User-defined',
};

/** Series names a metric produces in Prometheus (histograms: bucket, sum and count). */
export function seriesNames(definition: MetricDefinition): string[] {
  const base = toPrometheusName(definition.name, definition.unit, definition.kind);
  return definition.kind === 'histogram' ? [`${base}_bucket`, `${base}_sum`, `${base}_count`] : [base];
}

function examplePromql(definition: MetricDefinition): string {
  const base = toPrometheusName(definition.name, definition.unit, definition.kind);
  const by =
    definition.attributes[0] === undefined ? '' : ` by (${sanitizeLabelName(definition.attributes[0])})`;
  switch (definition.kind) {
    case 'counter':
      return `sum${by} (rate(${base}[5m]))`;
    case 'histogram':
      return `histogram_quantile(0.95, sum by (le) (rate(${base}_bucket[5m])))`;
    default:
      // A timestamp gauge (`*.start_time`, in s) is read as an age: summing instants means nothing.
      return definition.name.endsWith('_time') && definition.unit === 's'
        ? `time() - max${by} (${base})`
        : `sum${by} (${base})`;
  }
}

/**
 * Series one session adds per distinct value of its other attributes: 1 for a sum or gauge, and for a
 * histogram one per bucket boundary plus `+Inf`, `_sum` and `_count`.
 */
function seriesPerCombination(definition: MetricDefinition): number {
  return definition.kind === 'histogram' ? (definition.boundaries?.length ?? 0) + 3 : 1;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** docs/metrics.md: the reference of every catalog metric, generated so it cannot drift from the code. */
export function renderMetricsDoc(): string {
  const lines = [
    '# Metrics reference',
    '',
    '<!-- Generated from the SDK catalog by `npm run docs`; a test fails when this file is stale. -->',
    '',
    'Every metric Meterline defines or reads, with the Prometheus series it becomes (see [design §3](design.md) for the',
    'naming rules) and an example query. Labels are the sanitized attribute keys; `job` and `instance` come',
    'from the resource, and the other resource attributes are on `target_info`.',
  ];
  for (const source of ['meterline', 'runtime', 'claude-code', 'collector', 'victoriametrics'] as const) {
    lines.push('', `## ${FAMILY_TITLES[source]}`, '');
    lines.push(row(['OTel name', 'Series', 'Kind', 'Unit', 'Labels', 'Example PromQL']));
    lines.push(row(['---', '---', '---', '---', '---', '---']));
    for (const definition of catalog.filter((d) => d.source === source)) {
      lines.push(
        row([
          `\`${definition.name}\``,
          seriesNames(definition)
            .map((name) => `\`${name}\``)
            .join('<br>'),
          definition.kind,
          definition.unit === '' ? '—' : `\`${definition.unit}\``,
          definition.attributes.map((key) => `\`${sanitizeLabelName(key)}\``).join(', ') || '—',
          `\`${examplePromql(definition)}\``,
        ]),
      );
    }
  }
  const perSession = catalog.filter((d) => d.source === 'meterline' && d.attributes.includes('session.id'));
  lines.push(
    '',
    '## Series budget per session',
    '',
    'Metrics that carry `session.id` create series for every session, so their cost grows with sessions.',
    'Series are freed in the SDK when a session ends, and in VictoriaMetrics they stop being active about',
    'an hour after their last sample. Per session, each metric adds this many series for every distinct',
    'combination of its other attributes:',
    '',
    row(['Metric', 'Series per combination', 'Other attributes']),
    row(['---', '---', '---']),
  );
  for (const definition of perSession) {
    const others = definition.attributes.filter(
      (k) => !['session.id', 'user.id', 'organization.id'].includes(k),
    );
    lines.push(
      row([
        `\`${definition.name}\``,
        String(seriesPerCombination(definition)),
        others.map((key) => `\`${key}\``).join(', ') || '—',
      ]),
    );
  }
  const oneModel = perSession.reduce((sum, d) => {
    const fanOut = d.attributes.includes('token.type') ? 4 : d.attributes.includes('outcome') ? 2 : 1;
    return sum + seriesPerCombination(d) * (d.attributes.includes('tool.name') ? 0 : fanOut);
  }, 0);
  lines.push(
    '',
    `A session that uses one model, every token type, both request outcomes and no tools adds **${oneModel}**`,
    'series; each tool used adds 2 more (success and failure), each further model as many again as the',
    'model-dependent rows above.',
    '',
  );
  return lines.join('\n');
}
