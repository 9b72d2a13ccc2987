// Docker does not run here, so the tests replay a Dockerfile's stage in a folder instead: its COPY steps
// from the build context, its RUN steps in a shell on this machine, its ENTRYPOINT and CMD as the
// command. This catches what a static check cannot: a file the image needs but does not copy, a
// dependency that `npm install --omit=dev` leaves out, a build that differs from the one tested.
// Instructions it does not know are an error, not skipped.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface DockerfileStage {
  /** `AS name`, if given. */
  name?: string;
  from: string;
  workdir: string;
  /** `fromStage`: COPY --from=<stage>, whose sources are paths in that stage. */
  steps: ({ copy: string[]; to: string; fromStage?: string } | { run: string })[];
  entrypoint: string[];
  cmd: string[];
}

/** `["a", "b"]` (exec form) or `a b` (shell form, run by `/bin/sh -c`). */
function commandOf(text: string): string[] {
  return text.startsWith('[') ? (JSON.parse(text) as string[]) : ['/bin/sh', '-c', text];
}

/** Every stage, in order; the image is made of the last one. */
export function dockerfileStages(dockerfile: string): DockerfileStage[] {
  const lines = dockerfile
    .replace(/\s*\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: DockerfileStage[] = [];
  for (const line of lines) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = keyword.toUpperCase();
    if (instruction === 'FROM') {
      const [from = '', as, name] = rest.split(/\s+/);
      stages.push({
        ...(as?.toUpperCase() === 'AS' && name !== undefined ? { name } : {}),
        from,
        workdir: '/',
        steps: [],
        entrypoint: [],
        cmd: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) throw new Error(`${instruction} before FROM`);
    if (instruction === 'WORKDIR') stage.workdir = posix.resolve(stage.workdir, rest);
    else if (instruction === 'COPY') {
      const [first = '', ...others] = rest.split(/\s+/);
      const fromStage = /^--from=(.+)$/.exec(first)?.[1];
      const parts = fromStage === undefined ? [first, ...others] : others;
      const to = parts.at(-1) as string;
      // A trailing `/` says "into this folder"; resolve would drop it.
      stage.steps.push({
        copy: parts.slice(0, -1),
        to: posix.resolve(stage.workdir, to) + (to.endsWith('/') ? '/' : ''),
        ...(fromStage === undefined ? {} : { fromStage }),
      });
    } else if (instruction === 'RUN') stage.steps.push({ run: rest });
    else if (instruction === 'ENTRYPOINT') stage.entrypoint = commandOf(rest);
    else if (instruction === 'CMD') stage.cmd = commandOf(rest);
    else if (instruction !== 'USER' && instruction !== 'EXPOSE')
      throw new Error(
        `${instruction}: not understood by the Dockerfile replay (stack/src/deploy/dockerfile.ts)`,
      );
  }
  if (stages.length === 0) throw new Error('no FROM');
  return stages;
}

/**
 * Builds the stage's file system under `root` (the image's `/`) from `context`, running each RUN step in
 * the working directory with `env`, so a RUN step must write only below it. Docker's rules: a folder's
 * contents are copied, not the folder; a destination ending in `/` is a folder.
 */
export function replayStage(
  stage: DockerfileStage,
  context: string,
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const inRoot = (path: string) => join(root, path);
  mkdirSync(inRoot(stage.workdir), { recursive: true });
  for (const step of stage.steps) {
    if ('run' in step) {
      execFileSync('/bin/sh', ['-c', step.run], { cwd: inRoot(stage.workdir), env, stdio: 'pipe' });
      continue;
    }
    if (step.fromStage !== undefined)
      throw new Error(`COPY --from=${step.fromStage}: replay that stage and check what it builds instead`);
    const intoFolder = step.to.endsWith('/') || step.copy.length > 1;
    for (const source of step.copy) {
      const from = join(context, source);
      const to =
        intoFolder && !statSync(from).isDirectory() ? join(step.to, posix.basename(source)) : step.to;
      cpSync(from, inRoot(to), { recursive: true });
    }
  }
}
