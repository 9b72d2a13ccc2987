import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DockerfileStage, dockerfileStages, replayStage } from './dockerfile.ts';

const firstStage = (dockerfile: string) => dockerfileStages(dockerfile)[0] as DockerfileStage;

const folders: string[] = [];
const folder = () => {
  const path = mkdtempSync(join(tmpdir(), 'dockerfile-'));
  folders.push(path);
  return path;
};
afterEach(() => {
  for (const path of folders.splice(0)) rmSync(path, { recursive: true, force: true });
});

describe('dockerfileStages', () => {
  it('reads each stage: name, working folder, copies, runs, entrypoint and command', () => {
    const [build, stage] = dockerfileStages(`# build
FROM golang:1 AS build
RUN go build .
FROM node:24-slim
WORKDIR /app
COPY --from=build /src/app bin/
COPY a.json b.json ./
COPY src \\
  lib/src
RUN npm install \\
  --omit=dev
USER node
EXPOSE 8787
ENTRYPOINT ["node", "main.ts"]
CMD serve --port 1`);
    expect(build).toEqual({
      name: 'build',
      from: 'golang:1',
      workdir: '/',
      steps: [{ run: 'go build .' }],
      entrypoint: [],
      cmd: [],
    });
    expect(stage).toEqual({
      from: 'node:24-slim',
      workdir: '/app',
      steps: [
        { copy: ['/src/app'], to: '/app/bin/', fromStage: 'build' },
        { copy: ['a.json', 'b.json'], to: '/app/' },
        { copy: ['src'], to: '/app/lib/src' },
        { run: 'npm install --omit=dev' },
      ],
      entrypoint: ['node', 'main.ts'],
      cmd: ['/bin/sh', '-c', 'serve --port 1'],
    });
  });

  it.each([
    ['FROM a\nENV X=1', /ENV: not understood/],
    ['RUN true', /RUN before FROM/],
    ['# nothing', /no FROM/],
  ])('refuses %j', (dockerfile, error) => {
    expect(() => dockerfileStages(dockerfile)).toThrow(error);
  });
});

describe('replayStage', () => {
  it('copies a folder’s contents, files into a folder, and runs steps in the working folder', () => {
    const context = folder();
    mkdirSync(join(context, 'src', 'nested'), { recursive: true });
    writeFileSync(join(context, 'src', 'nested', 'x.ts'), 'x');
    writeFileSync(join(context, 'a.json'), 'a');
    const root = folder();
    replayStage(
      firstStage('FROM n\nWORKDIR /app\nCOPY a.json lib/\nCOPY src lib/src\nRUN ls lib/src/nested > listing'),
      context,
      root,
    );
    expect(readFileSync(join(root, 'app', 'lib', 'a.json'), 'utf8')).toBe('a');
    expect(readFileSync(join(root, 'app', 'listing'), 'utf8')).toBe('x.ts\n');
  });

  it('refuses a copy from another stage', () => {
    const stage = firstStage('FROM n\nCOPY --from=build /x /x');
    expect(() => replayStage(stage, folder(), folder())).toThrow(/COPY --from=build: replay that stage/);
  });
});
