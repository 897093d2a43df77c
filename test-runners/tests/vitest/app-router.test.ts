// The App Router helpers under vitest: an App Router folder served by
// the library, and a route module the test imports (its `next/*` imports
// mapped to this package by vitest.config.mts `resolve.alias`).
import request from 'supertest';
import { expect, test } from 'vitest';
import { createTestApp, testRoute } from 'next-api-express/testing';
import * as greetings from '@/app/api/greetings/[name]/route';

test('createTestApp serves an App Router folder at its URLs', async () => {
  const app = createTestApp('src/app', { logger: false });
  const res = await request(app).get('/api/greetings/Ada?loud');
  expect([res.status, res.body, res.headers['set-cookie']]).toEqual([200, { message: 'Hello, Ada!', visits: 1, loud: true }, ['visits=1; Path=/']]);
  expect(app.routes.map((r) => [r.router, r.page])).toEqual([['app', '/api/greetings/[name]']]);
});

test('testRoute runs the imported route module as appRoutes() runs the file', async () => {
  const app = testRoute(greetings, { route: '/api/greetings/[name]', logger: false });
  await request(app).get('/api/greetings/Bob').set('Cookie', 'visits=2').expect(200, { message: 'Hello, Bob!', visits: 3, loud: false });
  await request(app).post('/api/greetings/x').send({ name: 'Cy' }).expect(201, { message: 'Hello, Cy!' });
  await request(app).post('/api/greetings/x').send({ name: 1 }).expect(400, { error: 'name must be a string' });
  const options = await request(app).options('/api/greetings/x');
  expect([options.status, options.headers['allow']]).toEqual([204, 'GET, HEAD, OPTIONS, POST']);
});
