import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isExecutable, outputTail } from '@meterline/stack/processes';

/** The Claude Code release the tests run: the one whose payloads were captured for the reference data. */
export const CLAUDE_CODE_VERSION = '2.1.197';

const CACHE = fileURLToPath(new URL('../../.cache/claude-code', import.meta.url));

/**
 * The real Claude Code CLI, installed from the npm registry into testing/.cache on first use (a test
 * client only: never a dependency of a published package). Returns the native binary's path. Throws
 * with npm's output when it cannot be installed, so a test that needs it fails rather than skips.
 */
export function installClaudeCode(version = CLAUDE_CODE_VERSION): string {
  const folder = join(CACHE, version);
  const platform = `${process.platform}-${process.arch}`;
  // The platform package's binary: the wrapper's bin/claude.exe is only swapped for it by a postinstall
  // script, which npm holds back unless approved.
  const binary = join(folder, 'node_modules', '@anthropic-ai', `claude-code-${platform}`, 'claude');
  if (isExecutable(binary)) return binary;
  mkdirSync(CACHE, { recursive: true });
  // Installed aside and renamed into place, so test files starting in parallel never see half an install.
  const staging = mkdtempSync(join(CACHE, `${version}.installing-`));
  const result = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      staging,
      '--no-save',
      '--no-audit',
      '--no-fund',
      `@anthropic-ai/claude-code@${version}`,
    ],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (result.status !== 0)
    throw new Error(`could not install @anthropic-ai/claude-code@${version}:\n${result.stderr.slice(-2000)}`);
  try {
    renameSync(staging, folder);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another test file installed it first
  }
  if (!isExecutable(binary))
    throw new Error(`@anthropic-ai/claude-code@${version} has no binary at ${binary}`);
  return binary;
}

/** What `claude -p --output-format json` prints. */
export interface ClaudeCodeResult {
  session_id: string;
  total_cost_usd: number;
  is_error: boolean;
  num_turns: number;
  result: string;
}

export interface RunOptions {
  prompt: string;
  /** Continue this session (`--resume`): same session.id, a new process. */
  resume?: string;
  /** Telemetry and any other settings, as a user would export them. */
  env?: Record<string, string>;
}

/**
 * One user of Claude Code: a home folder of its own (Claude Code keeps `user.id` there, so two users are
 * two homes) and a working folder, talking only to 127.0.0.1: the fake Anthropic API, the collector, and a
 * proxy sink that refuses anything else it might try.
 */
export class ClaudeCodeUser {
  readonly home: string;
  private readonly binary: string;
  private readonly baseEnv: Record<string, string>;

  constructor(binary: string, { anthropicUrl, proxyUrl }: { anthropicUrl: string; proxyUrl: string }) {
    this.binary = binary;
    this.home = mkdtempSync(join(tmpdir(), 'meterline-claude-code-'));
    this.baseEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.home,
      ANTHROPIC_BASE_URL: anthropicUrl,
      ANTHROPIC_API_KEY: 'sk-ant-meterline-fake',
      // Root may skip permission prompts only in a sandbox; the tests run the Bash tool unattended.
      IS_SANDBOX: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      HTTPS_PROXY: proxyUrl,
      HTTP_PROXY: proxyUrl,
      NO_PROXY: '127.0.0.1,localhost',
    };
  }

  async run({ prompt, resume, env = {} }: RunOptions): Promise<ClaudeCodeResult> {
    const args = ['-p', prompt, '--output-format', 'json', '--dangerously-skip-permissions'];
    if (resume !== undefined) args.push('--resume', resume);
    const child = spawn(this.binary, args, {
      cwd: this.home,
      env: { ...this.baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = outputTail(child);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const [code] = await once(child, 'exit');
    clearTimeout(timer);
    // A prompt whose API request failed exits non-zero and still prints its result.
    try {
      return JSON.parse(stdout) as ClaudeCodeResult;
    } catch {
      throw new Error(`claude exited with ${code} and no JSON result:\n${output().slice(-3000)}`);
    }
  }

  remove(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}
