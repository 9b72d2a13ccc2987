import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MINIMUM_NODE, unsupportedNode } from './node-version.ts';

describe('unsupportedNode', () => {
  const cases: [version: string, supported: boolean][] = [
    ['20.20.2', false],
    ['22.18.0', false],
    ['22.19.0', true],
    ['22.23.3', true],
    ['24.21.0', true],
    ['26.0.0', true],
  ];
  it.each(cases)('Node %s supported: %s', (version, supported) => {
    expect(unsupportedNode(version) === undefined).toBe(supported);
  });

  it('says what to do', () => {
    expect(unsupportedNode('20.20.2')).toBe(
      'needs Node 22.19.0 or later; this is Node 20.20.2, so telemetry is off',
    );
  });

  it("agrees with the package's engines", () => {
    const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(engines.node).toBe(`>=${MINIMUM_NODE}`);
  });
});
