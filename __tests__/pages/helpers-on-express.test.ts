// Behind Express 5 (docs/design.md "Coexisting with Express"): the handler
// gets Next's res helpers and req.query, not Express's, while the host app
// keeps its own. Route files from fixtures/hosted/.
import express from 'express';
import request from 'supertest';
import { apiRoutes } from '../../lib';
import { fixture, memoryLogger } from '../support';

function app() {
  const a = express();
  a.use('/api', apiRoutes(fixture('hosted'), { logger: memoryLogger() }));
  return a;
}

describe("Next's res helpers and req.query win over Express 5's, for the handler only", () => {
  it("Next's helpers replace Express's: string without Content-Type, 307 redirect, no Express ETag", async () => {
    const r = await request(app()).get('/api/hello-or-redirect');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.headers.etag).toBe('"2caikvdqo85"');
    expect(r.headers['x-powered-by']).toBe('Express'); // the host app's own header, untouched
    const d = await request(app()).get('/api/hello-or-redirect?t=redirect').redirects(0);
    expect(d.status).toBe(307);
    expect(d.text).toBe('/api/x');
    expect(d.headers['content-type']).toBeUndefined();
  });

  it("req.query is the Next query over Express 5's getter, req.url is the full URL during the handler", async () => {
    const r = await request(app()).get('/api/query-and-url?a[b]=1&a[b]=2&c=3');
    expect(r.body.query).toEqual({ 'a[b]': ['1', '2'], c: '3' });
    // Next's query is an accessor on the prototype derived from Express's (docs/design.md
    // "Host behaviour stays the host's"): not an own property, so Object.keys(req) leaves it out.
    expect({ url: r.body.url, own: r.body.own }).toEqual({ url: '/api/query-and-url?a[b]=1&a[b]=2&c=3' });
  });

  it('req.query and req.body read and assign as own data properties would, without being listed by Object.keys(req)', async () => {
    const r = await request(app()).post('/api/query-assign?a=1').send({ b: 2 });
    expect(r.body).toEqual({
      before: { query: { a: '1' }, body: { b: 2 } },
      after: { query: { replaced: true }, body: 'replaced' },
      listed: [],
      inOperator: [true, true],
    });
  });
});
