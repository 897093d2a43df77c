// The helpers under jest + babel-jest: ESM syntax in .js, a TS handler imported through the @/ alias.
import request from 'supertest';
import { createTestApp, testHandler } from 'next-api-express/testing';
import hello from '@/pages/api/hello';

const app = createTestApp('src/pages/api', { logger: false });
beforeEach(() => app.clear());

test('a TS route with the @/ alias, loaded by the library', async () => {
  await request(app).get('/api/hello?name=Ada').expect(200, { message: 'Hello, Ada!' });
});

test('a JS ESM route with a param and a body limit', async () => {
  await request(app).put('/api/users/7').send({ a: 1 }).expect(200, { id: '7', method: 'PUT', body: { a: 1 } });
  await request(app).put('/api/users/7').send({ long: 'more than sixteen bytes' }).expect(413);
});

test('a handler error is a 500 and is kept in app.errors', async () => {
  await request(app).get('/api/broken').expect(500, 'Internal Server Error');
  expect(app.errors).toEqual([new Error('broken handler')]);
});

test('testHandler runs an imported handler', async () => {
  await request(testHandler(hello)).get('/?name=Bob').expect(200, { message: 'Hello, Bob!' });
});

test('testHandler with a route, params and config', async () => {
  const echo = (req, res) => res.json({ query: req.query, body: req.body });
  const items = testHandler(echo, { route: '/api/items/[id]', params: { tab: 'info' }, config: { api: { bodyParser: { sizeLimit: '5b' } } } });
  await request(items).post('/api/items/3?x=1').set('Content-Type', 'text/plain').send('hi').expect(200, { query: { x: '1', id: '3', tab: 'info' }, body: 'hi' });
  await request(items).post('/api/items/3').send('too long').expect(413, 'Body exceeded 5b limit');
});
