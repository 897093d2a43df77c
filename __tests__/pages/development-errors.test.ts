// With NODE_ENV=development, Next answers a handler error with a page that
// shows the error (its own test suite checks the message is there). Here the
// 500 then carries the message and the stack as plain text; in any other
// NODE_ENV (and whatever the `dev` option says) it stays Next's bare
// `Internal Server Error`.
import { createServer, type Server } from 'node:http';
import express5 from 'express';
import request from 'supertest';
import { apiRoutes, type ApiRoutesOptions } from '../../lib';
import { fixture, memoryLogger } from '../support';

const dir = fixture('dev-errors');

const savedNodeEnv = process.env.NODE_ENV;
afterEach(() => {
  process.env.NODE_ENV = savedNodeEnv;
});

const HOSTS: Array<[string, (options: ApiRoutesOptions) => Server]> = [
  [
    'Express 5',
    (options) => {
      const app = express5();
      app.use('/api', apiRoutes(dir, { logger: memoryLogger(), ...options }));
      return createServer(app);
    },
  ],
  ['node:http', (options) => createServer(apiRoutes(dir, { basePath: '/api', logger: memoryLogger(), ...options }))],
];

describe.each(HOSTS)('the 500 of a handler error on %s (docs/next-behaviour.md §12)', (_name, make) => {
  function serve(nodeEnv: string, options: ApiRoutesOptions = {}): Server {
    process.env.NODE_ENV = nodeEnv;
    return make(options);
  }

  describe('NODE_ENV=development', () => {
    test('a thrown Error: 500 with its message and stack, headers set before it kept', async () => {
      const res = await request(serve('development')).get('/api/throws');
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.headers['x-before']).toBe('kept');
      expect(res.text).toMatch(/^Error: database is down\n {4}at /);
      // The stack points at the route file's own line.
      expect(res.text).toContain(`${dir}/throws.ts:4:`);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    });

    test('a rejected non-Error value: 500 with the value as text', async () => {
      const res = await request(serve('development')).get('/api/rejects-string');
      expect(res.status).toBe(500);
      expect(res.text).toContain('a thrown string');
    });

    test('a route file that fails to load: 500 with the syntax error and the file', async () => {
      const res = await request(serve('development')).get('/api/broken');
      expect(res.status).toBe(500);
      expect(res.text).toContain('SyntaxError');
      expect(res.text).toContain(`${dir}/broken.js`);
    });

    test('a working route is not affected', async () => {
      expect((await request(serve('development')).get('/api/ok')).body).toEqual({ ok: true });
    });
  });

  describe.each([
    ['production', {}],
    ['test', {}],
    ['test', { dev: true }],
    ['production', { dev: true }],
  ] as Array<[string, ApiRoutesOptions]>)('NODE_ENV=%s, options %j', (nodeEnv, options) => {
    test("Next's bare 500: no message, no stack", async () => {
      for (const route of ['throws', 'rejects-string', 'broken']) {
        const res = await request(serve(nodeEnv, options)).get(`/api/${route}`);
        expect([res.status, res.text, res.headers['content-type']]).toEqual([500, 'Internal Server Error', undefined]);
      }
    });
  });
});
