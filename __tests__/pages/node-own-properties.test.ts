// On a plain node:http server, Next's request properties and response helpers
// are own properties made as Next makes them (docs/design.md "Rules that keep
// it fast": `query`, `body` and the helpers by assignment, the lazy ones by
// defineProperty), also when another middleware left its own `query`/`body`.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import request from 'supertest';
import { apiRoutes } from '../../lib';
import { fixture, memoryLogger } from '../support';

const HELPERS = ['setHeader', 'write', 'end', 'status', 'send', 'json', 'redirect', 'setDraftMode', 'setPreviewData', 'clearPreviewData', 'revalidate'];

function server(upstream: (req: IncomingMessage & Record<string, unknown>) => void): http.Server {
  const middleware = apiRoutes(fixture('node-own-props'), { logger: memoryLogger() });
  return http.createServer((req: IncomingMessage, res: ServerResponse) => {
    upstream(req as IncomingMessage & Record<string, unknown>);
    middleware(req, res, () => {
      res.statusCode = 404;
      res.end('none');
    });
  });
}

describe('plain node:http: own properties on req and res', () => {
  it("helpers are own enumerable writable data properties in Next's order, bound to the response", async () => {
    const r = await request(server(() => undefined)).get('/echo?a=1');
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      query: { a: '1' },
      body: '',
      reqKeys: ['cookies', 'query', 'previewData', 'preview', 'draftMode', 'body'],
      helperKinds: HELPERS.map(() => 'value:true:true:true'),
      ownKeys: HELPERS,
      sameJson: true,
    });
  });

  it('replaces a writable own req.query and req.body left by another middleware', async () => {
    const app = server((req) => {
      req.query = { stale: 'yes' };
      // A falsy upstream body on an unread stream is read (a truthy one is kept, as Next keeps a custom server's).
      req.body = '';
    });
    const r = await request(app).post('/echo?a=2').set('Content-Type', 'application/json').send('{"fresh":true}');
    expect(r.status).toBe(201);
    expect(r.body.query).toEqual({ a: '2' });
    expect(r.body.body).toEqual({ fresh: true });
  });

  it('redefines a read-only own req.query and req.body that assignment cannot replace', async () => {
    const app = server((req) => {
      Object.defineProperty(req, 'query', { value: { stale: 'yes' }, writable: false, enumerable: true, configurable: true });
      Object.defineProperty(req, 'body', { get: () => undefined, enumerable: true, configurable: true });
    });
    const r = await request(app).post('/echo?a=3').set('Content-Type', 'application/json').send('{"fresh":1}');
    expect(r.status).toBe(201);
    expect(r.body.query).toEqual({ a: '3' });
    expect(r.body.body).toEqual({ fresh: 1 });
  });
});
