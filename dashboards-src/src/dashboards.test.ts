import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { lint, promqlErrors, queriesOf, withSampleValues } from './checks.ts';
import { dashboards, render, vmuiDashboards } from './index.ts';
import { vmuiExpr } from './vmui.ts';

const reference = new URL('../../testing/fixtures/reference/grafana-jsonschema/', import.meta.url);
const schema = (name: string) =>
  JSON.parse(readFileSync(new URL(`${name}.jsonschema.json`, reference), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
const validateDashboard = ajv.compile(schema('dashboard'));
const panelSchemas: Record<
  string,
  { options: ReturnType<typeof ajv.compile>; custom?: ReturnType<typeof ajv.compile> }
> = {};
for (const type of ['timeseries', 'stat', 'table']) {
  const definitions = schema(type);
  panelSchemas[type] = {
    options: ajv.compile({ ...definitions, $ref: '#/definitions/Options' }),
    ...(definitions.definitions.FieldConfig
      ? { custom: ajv.compile({ ...definitions, $ref: '#/definitions/FieldConfig' }) }
      : {}),
  };
}
const validateQuery = ajv.compile(schema('prometheus'));

const generated = dashboards();

describe('vmui dashboards', () => {
  it.each(vmuiDashboards().map((d) => [d.file, d] as const))(
    '%s is current, and has every Grafana panel with its variables resolved',
    (file, { json }) => {
      const committed = readFileSync(new URL(`../../stack/vmui/dashboards/${file}`, import.meta.url), 'utf8');
      expect(committed).toBe(`${JSON.stringify(json, null, 2)}\n`);
      const grafana = generated.find((d) => d.file === file)?.json.panels ?? [];
      const titles = (panels: { type?: string; title?: string }[]) =>
        panels.filter((panel) => panel.type !== 'row').map((panel) => panel.title);
      expect(json.rows.flatMap((row) => row.panels.map((panel) => panel.title))).toEqual(titles(grafana));
      const exprs = json.rows.flatMap((row) => row.panels.flatMap((panel) => panel.expr));
      expect(exprs.filter((expr) => expr.includes('$'))).toEqual([]);
      expect(json.rows.flatMap((row) => row.panels.filter((panel) => panel.expr.length === 0))).toEqual([]);
    },
  );

  const cases: [expr: string, expected: string][] = [
    ['rate(x{job=~"$job"}[$__rate_interval])', 'rate(x{job=~".*"})'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's ${variable} syntax, not a template.
    ['increase_pure(x{user_id=~"${user}"}[$__range])', 'increase_pure(x{user_id=~".*"})'],
    ['sum(x{a="$unknown"})', 'sum(x{a="$unknown"})'],
    ['topk(10, increase_pure(x[$__range]))', 'topk_max(10, increase_pure(x))'],
  ];
  it.each(cases)('%s → %s', (expr, expected) => {
    expect(vmuiExpr(expr, { job: '.*', user: '.*' })).toBe(expected);
  });
});

describe('generated dashboards', () => {
  it.each(generated.map((d) => [d.file, d] as const))(
    '%s is current (run `npm run dashboards`)',
    (file, { json }) => {
      const committed = readFileSync(
        new URL(`../../stack/grafana/dashboards/${file}`, import.meta.url),
        'utf8',
      );
      expect(committed).toBe(render(json));
    },
  );

  it.each(generated.map((d) => [d.file, d] as const))(
    '%s validates against the Grafana JSON schemas',
    (_file, { json }) => {
      const plain = JSON.parse(render(json));
      expect(validateDashboard(plain) ? [] : validateDashboard.errors).toEqual([]);
      for (const panel of plain.panels) {
        if (panel.type === 'row') continue;
        const validators = panelSchemas[panel.type];
        expect(validators, `no schema for panel type ${panel.type}`).toBeDefined();
        expect(validators?.options(panel.options) ? [] : validators?.options.errors).toEqual([]);
        if (validators?.custom)
          expect(
            validators.custom(panel.fieldConfig.defaults.custom) ? [] : validators.custom.errors,
          ).toEqual([]);
        for (const target of panel.targets)
          expect(validateQuery(target) ? [] : validateQuery.errors).toEqual([]);
      }
    },
  );

  it.each(generated.map((d) => [d.file, d] as const))('%s follows the dashboard rules', (file, { json }) => {
    expect(lint(file, json)).toEqual([]);
  });

  it('parses every query with lezer-promql once variables are replaced', () => {
    const queries = generated.flatMap(({ file, json }) => queriesOf(file, json));
    expect(queries.length).toBeGreaterThan(50);
    const errors = queries.flatMap((q) =>
      promqlErrors(withSampleValues(q.expr)).map((e) => `${q.dashboard} / ${q.panel}: ${e}`),
    );
    expect(errors).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const [first] = generated;
  const json = () => JSON.parse(render(first?.json as never));

  const mutations: [what: string, mutate: (d: ReturnType<typeof json>) => void, problem: RegExp][] = [
    ['a missing description', (d) => delete d.panels[1].description, /no description/],
    ['a missing unit', (d) => delete d.panels[1].fieldConfig.defaults.unit, /no unit/],
    [
      'a fixed datasource',
      (d) => (d.panels[1].datasource = { type: 'prometheus', uid: 'abc' }),
      /not the template variable/,
    ],
    [
      'a fixed rate window',
      (d) => (d.panels[2].targets[0].expr = 'sum(rate(stream_io_bytes_total[5m]))'),
      /over 5m/,
    ],
    ['a bare counter', (d) => (d.panels[2].targets[0].expr = 'sum(stream_io_bytes_total)'), /not wrapped/],
    ['a duplicate id', (d) => (d.panels[2].id = d.panels[1].id), /duplicate id/],
    ['a missing refId', (d) => delete d.panels[1].targets[0].refId, /no refId/],
    ['a panel too wide', (d) => (d.panels[1].gridPos.w = 30), /wider than 24/],
  ];
  it.each(mutations)('catch %s', (_what, mutate, problem) => {
    const mutated = json();
    mutate(mutated);
    expect(lint('mutated', mutated).join('\n')).toMatch(problem);
  });

  it('catch a PromQL syntax error', () => {
    expect(promqlErrors('sum(rate(x[5m])')).not.toEqual([]);
    expect(promqlErrors('sum by (a) (rate(x{a="b"}[5m]))')).toEqual([]);
  });
});
