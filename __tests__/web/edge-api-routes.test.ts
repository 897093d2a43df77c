// pages/api routes with `export const config = { runtime: 'edge' }` run
// through the Web path in apiRoutes() (issue 10; Web parts of
// docs/next-behaviour.md §20–§31), on every host: a NextRequest in, the
// Response out, every method reaching the handler, params in the query.
import type { Server } from 'node:http';
import connect from 'connect';
import express5 from 'express';
import { createServer } from 'node:http';
import request from 'supertest';
import { apiRoutes } from '../../lib';
import { express4, fixture, memoryLogger } from '../support';

const dir = fixture('edge-api');

type Host = (logger: ReturnType<typeof memoryLogger>) => Server;
const hosts: Array<[string, Host]> = [
  ['Express 5', (logger) => { const app = express5(); app.use('/api', apiRoutes(dir, { logger })); return createServer(app); }],
  ['Express 4', (logger) => { const app = express4(); app.use('/api', apiRoutes(dir, { logger })); return createServer(app); }],
  ['Connect', (logger) => { const app = connect(); app.use('/api', apiRoutes(dir, { logger })); return createServer(app); }],
  ['node:http', (logger) => createServer(apiRoutes(dir, { basePath: '/api', logger }))],
];

describe.each(hosts)('%s', (_name, host) => {
  let logger: ReturnType<typeof memoryLogger>;
  let server: Server;
  beforeEach(() => {
    logger = memoryLogger();
    server = host(logger);
  });
  afterEach(() => server.close());

  test('GET and POST reach the Web handler; NextResponse cookies go out', async () => {
    const get = await request(server).get('/api/hello?x=1').set('Cookie', 'a=1');
    expect(get.body).toEqual({ method: 'GET', pathname: '/api/hello', search: '?x=1', cookie: '1', body: null });
    expect(get.headers['set-cookie']).toEqual(['seen=edge; Path=/']);
    expect(get.headers['vary']).toBeUndefined();
    const post = await request(server).post('/api/hello').type('text').send('payload');
    expect(post.body).toMatchObject({ method: 'POST', body: 'payload' });
  });

  test('every method reaches the handler: no automatic OPTIONS, HEAD without a body', async () => {
    expect((await request(server).options('/api/hello')).body).toMatchObject({ method: 'OPTIONS' });
    const head = await request(server).head('/api/hello');
    expect([head.status, head.text]).toEqual([200, undefined]);
  });

  test('the route params are added to the query of request.url', async () => {
    expect((await request(server).get('/api/items/42?x=1')).body).toEqual({ url: '?x=1&id=42' });
  });

  test('a handler that returns no Response: the plain 500, logged', async () => {
    const res = await request(server).get('/api/broken');
    expect([res.status, res.text]).toEqual([500, 'Internal Server Error']);
    expect(logger.text()).toContain('TypeError: Expected an instance of Response to be returned');
  });

  test('Node.js routes in the same folder are unchanged', async () => {
    expect((await request(server).get('/api/node')).body).toEqual({ runtime: 'nodejs' });
  });
});
