import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vmuiDashboards } from '@meterline/dashboards';
import {
  CLAUDE_CODE_PAYLOADS,
  claudeCodeImportLines,
  claudeCodeScenario,
  freeLocalStackPorts,
  launchChromium,
  replayClaudeCodePayload,
} from '@meterline/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localVictoriaMetrics } from '../processes/index.ts';
import { startLocalStack } from './local-stack.ts';
import { localStackOptions, type StackState } from './stack-options.ts';

// The generated vmui dashboards in headless chromium, on a running local stack fed by its example service,
// by what the real Claude Code CLI sent (through the collector), by the Claude Code fixture (pull requests,
// which the captures lack) and by steady stats API traffic: every panel of every dashboard draws data and
// none shows an error or a warning. Screenshots and what each panel showed are kept in test-results/vmui/.

const artifacts = fileURLToPath(new URL('../../../test-results/vmui/', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'meterline-vmui-'));
let state: StackState;
let stop: () => Promise<void>;
let browser: Browser;
let traffic: NodeJS.Timeout;

beforeAll(async () => {
  expect(localVictoriaMetrics().ui, 'no vmui: run bash stack/victoria-metrics/build.sh').toBe(true);
  ({ state, stop } = await startLocalStack(
    localStackOptions({
      ...(await freeLocalStackPorts()),
      METERLINE_HOME: home,
      METERLINE_EXAMPLE_INTERVAL_SECONDS: '1',
    }),
    () => {},
  ));
  const collector = state.collector?.http;
  expect(collector, 'no collector: run bash stack/collector/build.sh').toBeDefined();
  for (const payload of CLAUDE_CODE_PAYLOADS) await replayClaudeCodePayload(collector as string, payload);
  const { events } = claudeCodeScenario(Math.floor(Date.now() / 1000) - 600);
  const imported = await fetch(`${state.victoriaMetrics.url}/api/v1/import`, {
    method: 'POST',
    body: claudeCodeImportLines(events, { naming: 'collector' })
      .map((line) => JSON.stringify(line))
      .join('\n'),
  });
  expect(imported.status).toBe(204);
  // Views, repeated views (cache hits) and unknown sessions (404s), every second, as a client would.
  traffic = setInterval(() => {
    for (const path of ['/api/stats/session/a1', '/api/stats/org/acme', '/api/stats/session/nobody'])
      fetch(`${state.statsApi.url}${path}`).then(
        (response) => response.arrayBuffer(),
        () => {},
      );
  }, 1000);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  clearInterval(traffic);
  await browser?.close();
  await stop?.();
  rmSync(home, { recursive: true, force: true });
});

interface PanelState {
  title: string;
  series: number;
  alerts: string[];
}

/** Opens one dashboard with every row expanded and reads each panel once its queries have answered. */
async function panelsOf(page: Page, tab: number): Promise<PanelState[]> {
  let pending = 0;
  const settle = (url: string, change: number) => {
    if (url.includes('/api/v1/query')) pending += change;
  };
  page.on('request', (request) => settle(request.url(), 1));
  page.on('requestfinished', (request) => settle(request.url(), -1));
  page.on('requestfailed', (request) => settle(request.url(), -1));
  await page.goto(`${state.victoriaMetrics.ui}?g0.range_input=15m`, { waitUntil: 'networkidle' });
  await page.locator('.vm-predefined-panels-tabs__tab').nth(tab).click();
  // Opening a row re-renders the dashboard: open the first closed one until none is left. The charts
  // keep resizing while rows open, so a click waiting for a stable element would wait forever.
  const closed = page.locator(
    '.vm-predefined-dashboard > .vm-accordion-header:not(.vm-accordion-header_open)',
  );
  while ((await closed.count()) > 0) {
    await closed.first().dispatchEvent('click');
    await page.waitForTimeout(200);
  }
  // A panel queries once it is in view (the viewport holds them all), then draws.
  await page.waitForTimeout(500);
  while (pending > 0) await page.waitForTimeout(100);
  await page.waitForTimeout(500);
  return page.locator('.vm-predefined-panel').evaluateAll((panels) =>
    panels.map((panel) => ({
      title: panel.querySelector('.vm-predefined-panel-header__title')?.textContent?.trim() ?? '',
      series: panel.querySelectorAll('.vm-legend-item__marker').length,
      alerts: [...panel.querySelectorAll('.vm-alert')].map((alert) => alert.textContent ?? ''),
    })),
  );
}

describe('the vmui dashboards on the local stack', () => {
  const generated = vmuiDashboards();
  // vmui lists the dashboards by file name.
  const tabs = generated.map((d) => d.file).sort();

  it.each(generated.map((d) => [d.json.title, d] as const))(
    '%s: every panel draws data, none shows an alert',
    async (_title, { file, json }) => {
      const expected = json.rows.flatMap((row) => row.panels.map((panel) => panel.title));
      let panels: PanelState[] = [];
      // Rates need two samples: the collector reports itself every 15 s and the example every 5 s. A fresh
      // page each time: vmui keeps what it fetched while the page lives.
      for (const deadline = Date.now() + 90_000; ; ) {
        // Tall enough for every panel to be in view, so each one queries.
        const page = await browser.newPage({ viewport: { width: 1600, height: 9000 } });
        try {
          panels = await panelsOf(page, tabs.indexOf(file));
          const done = panels.every((panel) => panel.series > 0 && panel.alerts.length === 0);
          if (done || Date.now() > deadline) {
            mkdirSync(artifacts, { recursive: true });
            await page.screenshot({ path: join(artifacts, file.replace(/\.json$/, '.png')), fullPage: true });
            writeFileSync(join(artifacts, file), `${JSON.stringify(panels, null, 2)}\n`);
            break;
          }
        } finally {
          await page.close();
        }
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }
      expect(panels.map((panel) => panel.title)).toEqual(expected);
      expect(panels.filter((panel) => panel.alerts.length > 0)).toEqual([]);
      expect(panels.filter((panel) => panel.series === 0).map((panel) => panel.title)).toEqual([]);
    },
    150_000,
  );
});
