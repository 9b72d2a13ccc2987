// The least any service between a client and VictoriaMetrics adds: a Node HTTP server that, for
// GET /replay/<n>, sends the n-th recorded view's requests (phase after phase, concurrent within one) and
// returns the answers' bytes unread. No routing, validation, JSON or telemetry: its latency over the
// direct replay is the floor under the stats API's overhead on this machine.
// Usage: node bare-proxy.ts <victoria-metrics url> <recordings.json>; prints "on <url>".
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

const [backendUrl, recordingsPath] = process.argv.slice(2) as [string, string];
const recordings = JSON.parse(readFileSync(recordingsPath, 'utf8')) as string[][][];

async function send(query: string): Promise<string> {
  const response = await request(`${backendUrl}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query, time: String(Date.now() / 1000) }).toString(),
  });
  return response.body.text();
}

const server = createServer(async (req, res) => {
  const phases = recordings[Number(req.url?.split('/').pop()) % recordings.length] ?? [];
  const bodies: string[] = [];
  for (const phase of phases) bodies.push(...(await Promise.all(phase.map(send))));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(bodies.join('\n'));
});
server.listen(0, '127.0.0.1', () => {
  console.log(`on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
