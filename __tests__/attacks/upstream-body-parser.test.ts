/**
 * A `bodyParser: false` route (a webhook reading the raw stream) behind
 * `express.json()` mounted before the folder: the stream was drained upstream,
 * so a handler waiting for its 'end' would wait forever. Whatever the library
 * does about it (owned by issue 8: hand over a stream that ends, or answer a
 * clear 500), the request must end promptly and the log must name the route.
 */
import { attackServers, exchange, requestText } from '../support';

const servers = attackServers();

test('Express with express.json() upstream: a bodyParser:false route that reads the raw stream never hangs', async () => {
  const server = await servers.start({ hosts: ['express'], upstreamJson: true });
  const result = await exchange(server.port.express, requestText('POST', '/api/raw', { 'Content-Type': 'application/json' }, '{"event":"paid"}'), { deadlineMs: 2000 });
  expect(result.response).toBeDefined();
  expect(result.response?.complete).toBe(true);
  expect(server.stderr()).toMatch(/\/api\/raw[\s\S]*bodyParser/);
  expect(await server.alive()).toBe(true);
});
