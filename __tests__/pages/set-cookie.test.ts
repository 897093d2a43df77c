// Set-Cookie through res.setHeader, as in Next (its patchSetHeaderWithCookieSupport,
// docs/next-behaviour.md §1 step 2):
// whatever a handler sets is stored as an array with duplicates removed, so
// `res.getHeader('Set-Cookie')` is always an array and the append idiom
// `[...res.getHeader('Set-Cookie'), 'b=2']` adds one cookie.
import { createServer, type Server } from 'node:http';
import express5 from 'express';
import request from 'supertest';
import { apiRoutes } from '../../lib';
import { fixture, memoryLogger } from '../support';

const dir = fixture('cookies');

const HOSTS: Array<[string, () => Server]> = [
  [
    'Express 5',
    () => {
      const app = express5();
      app.use('/api', apiRoutes(dir, { logger: memoryLogger() }));
      return createServer(app);
    },
  ],
  ['node:http', () => createServer(apiRoutes(dir, { basePath: '/api', logger: memoryLogger() }))],
];

describe.each(HOSTS)('Set-Cookie on %s', (_name, make) => {
  let server: Server;
  beforeAll(() => {
    server = make();
  });
  const get = (t: string) => request(server).get(`/api/set-cookie?t=${t}`);

  test('a string is stored as a one-element array', async () => {
    const res = await get('string');
    expect(res.body).toEqual({ setCookie: ['a=1'], other: null });
    expect(res.headers['set-cookie']).toEqual(['a=1']);
  });

  test('the append idiom [...getHeader, cookie] adds one cookie', async () => {
    const res = await get('append');
    expect(res.body.setCookie).toEqual(['a=1', 'b=2']);
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });

  test('duplicates are removed, first occurrence kept, any spelling of the name', async () => {
    expect((await get('duplicates')).headers['set-cookie']).toEqual(['a=1', 'b=2']);
    const lower = await get('lowercase');
    expect(lower.body.setCookie).toEqual(['a=1', 'b=2']);
    expect(lower.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });

  test('a value that is neither string nor array sets no cookie (Next keeps an empty list)', async () => {
    const res = await get('number');
    expect(res.body.setCookie).toEqual([]);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  test('the draft-mode helper appends after a string set earlier', async () => {
    const res = await get('then-draft');
    expect(res.headers['set-cookie']).toHaveLength(2);
    expect(res.headers['set-cookie'][0]).toBe('a=1');
    expect(res.headers['set-cookie'][1]).toMatch(/^__prerender_bypass=/);
  });

  test('other headers are stored as given', async () => {
    const res = await get('other');
    expect(res.body).toEqual({ setCookie: null, other: 'v' });
    expect(res.headers['x-other']).toBe('v');
  });
});

test("Express's res.cookie() keeps appending through Next's setHeader", async () => {
  const app = express5();
  app.use('/api', apiRoutes(dir, { logger: memoryLogger() }));
  const res = await request(app).get('/api/express-cookie');
  expect(res.body).toEqual({ setCookie: ['a=1; Path=/', 'b=2; Path=/; HttpOnly'] });
  expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
});
