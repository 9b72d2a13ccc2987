import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST_PORT = 10_000;
/** fetch refuses these ports ("bad port", the Fetch standard's list); 10080 is the only one above 10000. */
const FETCH_BLOCKED_PORTS = new Set([10_080]);

/** The first port of the kernel's ephemeral range, which it hands out for port 0 and outgoing sockets. */
function ephemeralRangeStart(): number {
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Number(start) > LOWEST_PORT ? Number(start) : 32_768;
  } catch {
    return 32_768;
  }
}

function bindable(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for a process told its port before it starts.
 * Chosen below the ephemeral range: a port the kernel picked for port 0 can be handed out again, to a
 * parallel test's server or an outgoing connection, before the process binds it.
 */
export async function freePort(): Promise<number> {
  const end = ephemeralRangeStart();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (end - LOWEST_PORT));
    if (!FETCH_BLOCKED_PORTS.has(port) && (await bindable(port))) return port;
  }
  throw new Error(`no free port from ${LOWEST_PORT} to ${end}`);
}
