import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * A server binary: `$envVariable` when set, else `name` on PATH. The errors say how to get one: `install`
 * when none is on PATH, `envHint` (if any) when the variable points at nothing.
 */
export function findExecutable(name: string, envVariable: string, install: string, envHint?: string): string {
  const chosen = process.env[envVariable];
  const candidates = chosen
    ? [chosen]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  if (chosen)
    throw new Error(`${envVariable}=${chosen} is not an executable${envHint ? `; ${envHint}` : ''}`);
  throw new Error(`${name} not found: ${install}`);
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
