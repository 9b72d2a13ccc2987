// Docker does not run here, so the tests replay a Dockerfile's last stage in a folder instead: its COPY
// steps from the build context, its RUN steps in a shell, its ENTRYPOINT and CMD as the command. This
// catches what a static check cannot: a file the image needs but does not copy, a dependency that
// `npm install --omit=dev` leaves out. Instructions it does not know are an error, not skipped.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface DockerfileStage {
  from: string;
  workdir: string;
  steps: ({ copy: string[]; to: string } | { run: string })[];
  entrypoint: string[];
  cmd: string[];
}

/** `["a", "b"]` (exec form) or `a b` (shell form, run by `/bin/sh -c`). */
function commandOf(text: string): string[] {
  return text.startsWith('[') ? (JSON.parse(text) as string[]) : ['/bin/sh', '-c', text];
}

/** The stage an image is made of: the last one. */
export function lastStage(dockerfile: string): DockerfileStage {
  const lines = dockerfile
    .replace(/\s*\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  let stage: DockerfileStage | undefined;
  for (const line of lines) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = keyword.toUpperCase();
    if (instruction === 'FROM') {
      stage = { from: rest.split(/\s+/)[0] as string, workdir: '/', steps: [], entrypoint: [], cmd: [] };
      continue;
    }
    if (stage === undefined) throw new Error(`${instruction} before FROM`);
    if (instruction === 'WORKDIR') stage.workdir = posix.resolve(stage.workdir, rest);
    else if (instruction === 'COPY') {
      if (rest.startsWith('--from=')) throw new Error(`COPY ${rest}: copying from a stage is not replayed`);
      const parts = rest.split(/\s+/);
      const to = parts.at(-1) as string;
      // A trailing `/` says "into this folder"; resolve would drop it.
      stage.steps.push({
        copy: parts.slice(0, -1),
        to: posix.resolve(stage.workdir, to) + (to.endsWith('/') ? '/' : ''),
      });
    } else if (instruction === 'RUN') stage.steps.push({ run: rest });
    else if (instruction === 'ENTRYPOINT') stage.entrypoint = commandOf(rest);
    else if (instruction === 'CMD') stage.cmd = commandOf(rest);
    else if (instruction !== 'USER' && instruction !== 'EXPOSE')
      throw new Error(
        `${instruction}: not understood by the Dockerfile replay (stack/src/deploy/dockerfile.ts)`,
      );
  }
  if (stage === undefined) throw new Error('no FROM');
  return stage;
}

/**
 * Builds the stage's file system under `root` (the image's `/`) from `context`, running each RUN step in
 * the working directory with `env`. Docker's rules: a folder's contents are copied, not the folder; a
 * destination ending in `/` is a folder.
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
    const intoFolder = step.to.endsWith('/') || step.copy.length > 1;
    for (const source of step.copy) {
      const from = join(context, source);
      const to =
        intoFolder && !statSync(from).isDirectory() ? join(step.to, posix.basename(source)) : step.to;
      cpSync(from, inRoot(to), { recursive: true });
    }
  }
}
