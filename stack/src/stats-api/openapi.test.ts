import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.ts';

// The OpenAPI document passes Redocly's recommended rules, as clients' code generators expect.

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended lint", async () => {
    // Health and this document have no client errors to describe.
    const config = await createConfig({
      extends: ['recommended'],
      rules: { 'operation-4xx-response': 'off' },
    });
    const problems = await lintFromString({
      source: JSON.stringify(openApiDocument),
      absoluteRef: 'openapi.json',
      config,
    });
    expect(
      problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`),
    ).toEqual([]);
  });
});
