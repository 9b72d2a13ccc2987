import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type EventuallyOptions, eventually } from './eventually.ts';

/** Whether `path` is a file this process may execute. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server binary: `$envVariable` when set, else `name` on PATH. The errors say how to get one: `install`
 * when none is on PATH, `envHint` (if any) when the variable points at nothing.
 */
export function findExecutable(name: string, envVariable: string, install: string, envHint?: string): string {
  const chosen = process.env[envVariable];
  const candidates = chosen
    ? [chosen]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name));
  const found = candidates.find(isExecutable);
  if (found !== undefined) return found;
  if (chosen)
    throw new Error(`${envVariable}=${chosen} is not an executable${envHint ? `; ${envHint}` : ''}`);
  throw new Error(`${name} not found: ${install}`);
}

/**
 * A binary one of the build.sh scripts under stack/ builds: `$envVariable` when set, else `built`;
 * undefined when it is not executable.
 */
export function findBuilt(
  envVariable: string,
  built: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const binary = env[envVariable] ?? built;
  return isExecutable(binary) ? binary : undefined;
}

/** Stops a child with SIGTERM, so it flushes, and SIGKILL if it has not exited after `killAfterMillis`. */
export async function terminate(child: ChildProcess, killAfterMillis: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMillis);
  await exited;
  clearTimeout(timer);
}

/** Keeps the last 64 KiB a child writes to stdout and stderr; the returned function reads them. */
export function outputTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    // Only the tail: a long-running process must not grow this without bound.
    tail = (tail + chunk.toString()).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

/** Waits until `ready` passes; fails with the end of the child's output if it exits first. */
export async function untilReady(
  child: ChildProcess,
  name: string,
  output: () => string,
  ready: () => Promise<void>,
  options: EventuallyOptions = {},
): Promise<void> {
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${name} exited with ${code}:\n${output().slice(-3000)}`);
  });
  exited.catch(() => {});
  await Promise.race([exited, eventually(ready, options)]);
}
