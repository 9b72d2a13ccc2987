import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { expect, it, vi } from 'vitest';
import { freePort } from './free-port.ts';

// Regression: ports the kernel picked for port 0 were handed out again, to a parallel test's server or an
// outgoing connection, before `meterline up` bound them (EADDRINUSE in the local stack test).
it('returns a port that binds, below the range the kernel hands out by itself', async () => {
  const [rangeStart] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
  const port = await freePort();
  expect(port).toBeGreaterThanOrEqual(10_000);
  expect(port).toBeLessThan(Number(rangeStart));
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => server.close(resolve));
});

// Regression: VictoriaMetrics was given port 10080, which fetch refuses ("bad port"), so its health probe
// never passed.
it('never returns a port fetch refuses', async () => {
  const [rangeStart] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
  const span = (Number(rangeStart) > 10_000 ? Number(rangeStart) : 32_768) - 10_000;
  const random = vi.spyOn(Math, 'random').mockReturnValueOnce((80 + 0.5) / span);
  try {
    expect(await freePort()).not.toBe(10_080);
    expect(random).toHaveBeenCalledTimes(2);
  } finally {
    random.mockRestore();
  }
});
