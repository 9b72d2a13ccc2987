import { LOCAL_STACK_PORTS } from '@meterline/stack/local';
import { freePort } from './free-port.ts';

/** The local stack's port variables, each set to a distinct free port, so a test's stack collides with nothing. */
export async function freeLocalStackPorts(): Promise<Record<keyof typeof LOCAL_STACK_PORTS, string>> {
  const taken = new Set<number>();
  const entries: [string, string][] = [];
  for (const name of Object.keys(LOCAL_STACK_PORTS)) {
    let port = await freePort();
    // Each pick was free when chosen, but nothing holds it yet: two picks can be the same port.
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    entries.push([name, String(port)]);
  }
  return Object.fromEntries(entries) as Record<keyof typeof LOCAL_STACK_PORTS, string>;
}
