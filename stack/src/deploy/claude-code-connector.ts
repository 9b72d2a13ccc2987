// The collector's signal_to_metrics connector, generated from the catalog's claudeCodeEvents: the block
// between the markers in otel-collector-config.yaml (`npm run collector-config`; a test keeps it
// current). Adding an attribute to the catalog is the only edit: the connector follows.
import { CLAUDE_CODE_IDENTITY_ATTRIBUTES, type MetricDefinition, metrics } from '@meterline/sdk';

type EventMetric = keyof typeof metrics.claudeCodeEvents;

/** The Claude Code log event each derived metric counts, and for a histogram the milliseconds it reads. */
const FROM_EVENT: Record<EventMetric, { event: string; millis?: string }> = {
  apiRequests: { event: 'api_request' },
  apiRequestDuration: { event: 'api_request', millis: 'duration_ms' },
  apiErrors: { event: 'api_error' },
  prompts: { event: 'user_prompt' },
  toolResults: { event: 'tool_result' },
  toolDecisions: { event: 'tool_decision' },
};

export const CONNECTOR_BEGIN =
  '  # BEGIN signal_to_metrics: generated from the catalog by `npm run collector-config`';
export const CONNECTOR_END = '  # END signal_to_metrics';

const optional = new Set<string>(CLAUDE_CODE_IDENTITY_ATTRIBUTES);

function metricYaml(definition: MetricDefinition, { event, millis }: { event: string; millis?: string }) {
  const attributes = definition.attributes.map((key) =>
    optional.has(key) ? `          - { key: ${key}, optional: true }` : `          - key: ${key}`,
  );
  const value =
    definition.kind === 'histogram'
      ? [
          '        histogram:',
          `          buckets: [${(definition.boundaries ?? []).join(', ')}]`,
          `          value: Double(log.attributes["${millis}"]) / 1000.0`,
        ]
      : ['        sum:', '          value: "1"', '          monotonic: true'];
  return [
    `      - name: ${definition.name}`,
    `        description: ${definition.description}`,
    `        unit: "${definition.unit}"`,
    '        conditions:',
    `          - log.attributes["event.name"] == "${event}"`,
    '        include_resource_attributes:',
    '          - key: service.name',
    '        attributes:',
    ...attributes,
    ...value,
  ];
}

/** The connector block, markers included. */
export function signalToMetricsYaml(): string {
  const entries = Object.entries(metrics.claudeCodeEvents) as [EventMetric, MetricDefinition][];
  return [
    CONNECTOR_BEGIN,
    '  signal_to_metrics:',
    '    logs:',
    ...entries.flatMap(([key, definition]) => metricYaml(definition, FROM_EVENT[key])),
    CONNECTOR_END,
  ].join('\n');
}

/** `config` with its connector block replaced by the one the catalog gives. */
export function withGeneratedConnector(config: string): string {
  const begin = config.indexOf(CONNECTOR_BEGIN);
  const end = config.indexOf(CONNECTOR_END);
  if (begin < 0 || end < begin)
    throw new Error('otel-collector-config.yaml lacks the signal_to_metrics markers');
  return config.slice(0, begin) + signalToMetricsYaml() + config.slice(end + CONNECTOR_END.length);
}
