// `export const config` values Next accepts loosely (docs/next-behaviour.md §8
// "When it runs", §11): only a strict `false` turns the body parser off.
import request from 'supertest';
import { RouteLoadError, type NextApiHandler, type PageConfig } from '../../lib';
import { testHandler } from '../../lib/testing';

const echo: NextApiHandler = (req, res) => res.json({ body: req.body });

// Concurrent: each 413 ends with the server lingering on the unread upload (issue 9's bounded drain).
test.concurrent.each([0, '', null, true])('bodyParser: %p parses the body with the default 1mb limit, as Next', async (bodyParser) => {
  const config = { api: { bodyParser } } as unknown as PageConfig;
  const app = testHandler(echo, { config, logger: false });
  await request(app).post('/').set('Content-Type', 'application/json').send('{"a":1}').expect(200, { body: { a: 1 } });
  const big = await request(app).post('/').set('Content-Type', 'text/plain').send('x'.repeat(1024 * 1024 + 1));
  expect([big.status, big.text]).toEqual([413, 'Body exceeded 1mb limit']);
});

test('bodyParser: a truthy value that is not an object is refused at load, naming the key', () => {
  const config = { api: { bodyParser: 'yes' } } as unknown as PageConfig;
  let thrown: unknown;
  try {
    testHandler(echo, { config });
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(RouteLoadError);
  expect((thrown as RouteLoadError).code).toBe('ERR_INVALID_CONFIG');
  expect((thrown as RouteLoadError).message).toContain('api.bodyParser must be false, true or { sizeLimit } (received "yes")');
});
