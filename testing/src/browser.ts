import { execFileSync } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`), or $METERLINE_CHROMIUM. */
export function findChromium(): string {
  const configured = process.env.METERLINE_CHROMIUM;
  if (configured) return configured;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error('chromium not found: apt-get install chromium, or set METERLINE_CHROMIUM');
  }
}

/**
 * Headless chromium for the browser tests. Without a sandbox: CI runs as root, where chromium refuses
 * its sandbox, and the pages it opens are our own, on 127.0.0.1.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox'] });
}
