// testRoute under jest + babel-jest: a TypeScript route module imported
// through the @/ alias, its next/* imports mapped by jest.babel.config.js.
import request from 'supertest';
import { testRoute } from 'next-api-express/testing';
import * as greetings from '@/app/api/greetings/[name]/route';

test('testRoute runs the imported route module', async () => {
  const app = testRoute(greetings, { route: '/api/greetings/[name]', logger: false });
  const res = await request(app).get('/api/greetings/Dee');
  expect([res.status, res.body, res.headers['set-cookie']]).toEqual([200, { message: 'Hello, Dee!', visits: 1, loud: false }, ['visits=1; Path=/']]);
});
