import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Regression: the main entry re-exported the vitest fixture, and vitest throws when imported outside a
// test run, so every benchmark that uses the harness failed at import.
describe('@meterline/testing', () => {
  it('loads outside a test run, as the benchmarks import it', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--conditions=@meterline/source',
        '--input-type=module',
        '-e',
        "const harness = await import('@meterline/testing'); console.log(typeof harness.VictoriaMetrics)",
      ],
      { cwd: import.meta.dirname },
    );
    expect(stdout.trim()).toBe('function');
  });
});
