import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { outputTail, terminate, untilReady } from './executable.ts';

/** What a {@link ServerProcess} runs. */
export interface Launch {
  binary: string;
  args: readonly string[];
  /** The whole environment; default: this process's. */
  env?: NodeJS.ProcessEnv;
}

/**
 * A back end run as a child process on 127.0.0.1: launched, waited for until it answers, stopped with
 * SIGTERM (so it flushes) and restarted on the same ports and data. Subclasses say what to run and how to
 * tell it is ready.
 */
export abstract class ServerProcess {
  private readonly name: string;
  private readonly stopTimeoutMillis: number;
  private child: ChildProcess | undefined;
  private readOutput: () => string = () => '';

  /** `name` appears in failure messages; `stopTimeoutMillis` is how long SIGTERM has before SIGKILL. */
  protected constructor(name: string, stopTimeoutMillis = 10_000) {
    this.name = name;
    this.stopTimeoutMillis = stopTimeoutMillis;
  }

  protected abstract launchCommand(): Launch;
  /** Resolves once the server answers; throws while it does not yet. */
  protected abstract probe(): Promise<void>;

  get running(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The end of what the process logged, for failure messages. */
  get output(): string {
    return this.readOutput();
  }

  /** Stops the process (SIGTERM, then SIGKILL after the stop timeout); its data stays for {@link restart}. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    await terminate(child, this.stopTimeoutMillis);
  }

  /** Starts again on the same ports and data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  protected async launch(onOutput?: (chunk: string) => void): Promise<void> {
    const { binary, args, env } = this.launchCommand();
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    this.readOutput = outputTail(child);
    if (onOutput !== undefined) {
      child.stdout?.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
    }
    await untilReady(child, this.name, this.readOutput, () => this.probe(), { timeoutMillis: 30_000 });
  }
}

/**
 * The flags VictoriaMetrics and VictoriaLogs share: a data folder (created if missing), a port on
 * 127.0.0.1 and a retention period.
 */
export function victoriaFlags(dataPath: string, port: number, retention: string): string[] {
  mkdirSync(dataPath, { recursive: true });
  return [
    `-storageDataPath=${dataPath}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    `-retentionPeriod=${retention}`,
  ];
}

/** Resolves once a VictoriaMetrics or VictoriaLogs at `url` answers its `/health` with OK. */
export async function victoriaHealthy(url: string): Promise<void> {
  const response = await fetch(`${url}/health`);
  if ((await response.text()).trim() !== 'OK') throw new Error('not healthy yet');
}
