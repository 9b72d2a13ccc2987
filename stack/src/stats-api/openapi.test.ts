import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { createStatsApi } from './app.ts';
import { Backend } from './backend.ts';

// The OpenAPI document passes Redocly's recommended rules, as clients' code generators expect.

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended lint", async () => {
    // The document does not need the back end: nothing listens at this address.
    const api = createStatsApi({ backend: new Backend({ url: 'http://127.0.0.1:9' }) });
    const document = await (await api.request('/api/openapi.json')).text();
    // Health and this document have no client errors to describe.
    const config = await createConfig({
      extends: ['recommended'],
      rules: { 'operation-4xx-response': 'off' },
    });
    const problems = await lintFromString({ source: document, absoluteRef: 'openapi.json', config });
    expect(
      problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`),
    ).toEqual([]);
  });
});
