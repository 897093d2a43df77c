// The README's quick start: `npm start` serves example-app/server.js. Here the
// same server runs as the user runs it (a `node` process on the built package)
// and is driven over its socket: Pages Router and App Router routes, the
// app's own routes around them, and its 404.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import request from 'supertest';

let server: ChildProcess;
let base: string;

beforeAll(async () => {
  server = spawn(process.execPath, [join(__dirname, '..', 'example-app', 'server.js')], {
    env: { ...process.env, PORT: '0', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on (http:\/\/[^/\s]+)/.exec(out);
      if (found) resolve(found[1]);
    });
    server.once('exit', (code) => reject(new Error(`example-app exited with ${code}: ${out}`)));
  });
});

afterAll(async () => {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
});

test('Pages Router routes of pages/api', async () => {
  await request(base).get('/api/hello').expect(200, { name: 'John Doe' });
  await request(base).get('/api/users/1').expect(200, { id: '1', name: 'Ada Lovelace' });
  await request(base).get('/api/posts/2024/hello').expect(200, { slug: ['2024', 'hello'] });
  await request(base).get('/api/go').expect(307).expect('location', '/api/hello');
});

test('App Router route handlers of app/api, with cookies() from next/headers', async () => {
  await request(base).get('/api/greet?name=Ada').expect(200, { greeting: 'Hello, Ada' });
  const saved = await request(base).post('/api/greet').send({ name: 'Grace' }).expect(201, { saved: 'Grace' });
  const cookie = saved.headers['set-cookie'] as unknown as string[];
  expect(cookie).toEqual(['name=Grace; Path=/; HttpOnly; SameSite=lax']);
  await request(base).get('/api/greet').set('Cookie', 'name=Grace').expect(200, { greeting: 'Hello, Grace' });
  await request(base).post('/api/greet').send({}).expect(400, { error: 'name must be a non-empty string' });
  await request(base).delete('/api/greet').expect(405);
});

test('server-sent events reach the client as they are produced', async () => {
  const arrivals: Array<{ at: number; text: string }> = [];
  let endedAt = 0;
  await new Promise<void>((resolve, reject) => {
    http.get(`${base}/api/ticks`, (res) => {
      expect(res.headers['content-type']).toBe('text/event-stream');
      res.setEncoding('utf8');
      res.on('data', (text: string) => arrivals.push({ at: Date.now(), text }));
      res.on('end', () => {
        endedAt = Date.now();
        resolve();
      });
    }).on('error', reject);
  });
  expect(arrivals.map((a) => a.text).join('')).toBe('data: {"tick":1}\n\ndata: {"tick":2}\n\ndata: {"tick":3}\n\n');
  // The ticks are 100 ms apart: the first one arrives well before the stream ends.
  expect(arrivals[0].text.startsWith('data: {"tick":1}')).toBe(true);
  expect(endedAt - arrivals[0].at).toBeGreaterThanOrEqual(100);
});

test("the app's own routes and 404 stay the app's", async () => {
  const home = await request(base).get('/').expect(200);
  expect(home.headers['x-example-app']).toBe('1');
  await request(base).get('/api/nope').expect(404, { error: 'No route for GET /api/nope' });
});
