import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { defineMetric } from '@meterline/sdk';

/** A benchmark case: runs its operation `iterations` times in its own loop, so no call overhead is timed. */
export type Case = (iterations: number) => void;

export interface Result {
  name: string;
  nanosPerOp: number;
}

const SAMPLE_MILLIS = 100;
const SAMPLES = 15;

/** Median nanoseconds per operation over timed samples, after calibrating the loop length and warming up. */
export function measure(name: string, run: Case): Result {
  let iterations = 1000;
  for (;;) {
    const start = process.hrtime.bigint();
    run(iterations);
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (elapsed >= SAMPLE_MILLIS / 4) {
      iterations = Math.max(1, Math.round((iterations * SAMPLE_MILLIS) / elapsed));
      break;
    }
    iterations *= 4;
  }
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    run(iterations);
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  samples.sort((a, b) => a - b);
  return { name, nanosPerOp: samples[Math.floor(samples.length / 2)] as number };
}

export function formatNanos(nanos: number): string {
  return nanos >= 100 ? `${nanos.toFixed(0)} ns` : `${nanos.toFixed(2)} ns`;
}

export function machine(): string {
  return `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/**
 * Replaces one section of BENCHMARKS.md (between `<!-- name:start -->` and `<!-- name:end -->`), so each
 * benchmark updates its own figures and leaves the others as they are.
 */
export function writeSection(name: string, markdown: string): void {
  const file = new URL('../../BENCHMARKS.md', import.meta.url);
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text =
      '# Benchmarks\n\nFigures written by the benchmarks themselves; each section names the command that reproduces it.\n';
  }
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text =
    from === -1 || to === -1
      ? `${text.trimEnd()}\n\n${block}\n`
      : `${text.slice(0, from)}${block}${text.slice(to + end.length)}`;
  writeFileSync(file, text);
}

/** The counter the recording and remote-write benchmarks use: four attributes, like a typical request metric. */
export const benchRequests = defineMetric({
  name: 'bench.requests',
  kind: 'counter',
  unit: '{request}',
  description: 'Requests.',
  attributes: ['http.route', 'http.method', 'region', 'tenant'],
});
