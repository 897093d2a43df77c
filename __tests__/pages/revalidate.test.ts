/**
 * res.revalidate (docs/next-behaviour.md §10.7): the `revalidate` hook option, and
 * revalidateNextFrontend() against a real local http server standing in for
 * a separately deployed Next.js frontend.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import request from 'supertest';
import { revalidateNextFrontend, type NextApiHandler, type RevalidateContext, type RevalidateOptions } from '../../lib';
import { testHandler } from '../../lib/testing';
import { closeServer, listen, PREVIEW_KEYS, PRODUCTION } from '../support';

let frontend: http.Server | undefined;
afterEach(async () => {
  if (frontend) await closeServer(frontend);
  frontend = undefined;
});

/** Calls res.revalidate(path, opts) and reports the outcome as JSON. */
const revalidating: NextApiHandler = async (req, res) => {
  const path = req.query.path === 'none' ? undefined : String(req.query.path ?? '/blog/post-1');
  try {
    await res.revalidate(path as string, req.query.only ? { unstable_onlyGenerated: true } : undefined);
    res.json({ revalidated: true });
  } catch (err) {
    res.status(500).json({ error: (err as Error).message });
  }
};

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

async function startFrontend(reply: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  frontend = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    reply(req, res);
  });
  const port = await listen(frontend);
  return { origin: `http://127.0.0.1:${port}`, seen };
}

describe('the revalidate hook option (docs/next-behaviour.md §10.7; docs/design.md "res.revalidate() and preview keys are configuration")', () => {
  it('is called with urlPath and opts (and a context); resolves -> revalidate resolves', async () => {
    const calls: Array<[string, RevalidateOptions, RevalidateContext | undefined]> = [];
    const app = testHandler(revalidating, {
      ...PRODUCTION,
      revalidate: async (urlPath: string, opts: RevalidateOptions, context?: RevalidateContext) => {
        calls.push([urlPath, opts, context]);
      },
    });
    const r = await request(app).get('/?path=/blog/a&only=1').set('X-Trace', 't1');
    expect(r.body).toEqual({ revalidated: true });
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toBe('/blog/a');
    expect(calls[0][1]).toEqual({ unstable_onlyGenerated: true });
    expect(calls[0][2]?.previewModeId).toBe(PREVIEW_KEYS.previewModeId);
    expect(calls[0][2]?.headers['x-trace']).toBe('t1');
    await request(app).get('/?path=/x');
    expect(calls[1][1]).toEqual({});
  });

  it('a rejecting hook -> "Failed to revalidate <path>: <reason>"', async () => {
    const app = testHandler(revalidating, { ...PRODUCTION, revalidate: async () => Promise.reject(new Error('cache offline')) });
    const r = await request(app).get('/?path=/nonexistent');
    expect(r.body).toEqual({ error: 'Failed to revalidate /nonexistent: cache offline' });
  });

  it('an invalid urlPath rejects with Next\'s message, unwrapped, without calling the hook', async () => {
    let called = false;
    const app = testHandler(revalidating, { ...PRODUCTION, revalidate: async () => void (called = true) });
    expect((await request(app).get('/?path=blog')).body).toEqual({
      error: 'Invalid urlPath provided to revalidate(), must be a path e.g. /blog/post-1, received blog',
    });
    expect((await request(app).get('/?path=none')).body).toEqual({
      error: 'Invalid urlPath provided to revalidate(), must be a path e.g. /blog/post-1, received undefined',
    });
    expect(called).toBe(false);
  });

  it('without the option, the rejection names the `revalidate` option', async () => {
    const app = testHandler(revalidating, PRODUCTION);
    const r = await request(app).get('/?path=/p');
    expect(r.body.error).toMatch(/^Failed to revalidate \/p: res\.revalidate\(\) needs the "revalidate" option of apiRoutes\(\)/);
  });

  it('a handler that does not catch gets the plain 500', async () => {
    const app = testHandler(async (_req, res) => {
      await res.revalidate('/p');
      res.send('unreachable');
    }, PRODUCTION);
    const r = await request(app).get('/');
    expect([r.status, r.text]).toEqual([500, 'Internal Server Error']);
  });
});

describe('revalidateNextFrontend(): a separately deployed Next.js frontend revalidates the path', () => {
  it('sends HEAD <origin><path> with x-prerender-revalidate; REVALIDATED succeeds', async () => {
    const { origin, seen } = await startFrontend((_req, res) => {
      res.setHeader('x-nextjs-cache', 'REVALIDATED');
      res.statusCode = 304;
      res.end();
    });
    const app = testHandler(revalidating, { ...PRODUCTION, revalidate: revalidateNextFrontend({ origin: origin + '/' }) });
    const r = await request(app).get('/?path=/blog/post-1').set('Cookie', 'secret=1');
    expect(r.body).toEqual({ revalidated: true });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('HEAD');
    expect(seen[0].url).toBe('/blog/post-1');
    // The shared preview id by default; no cookie forwarded unless asked.
    expect(seen[0].headers['x-prerender-revalidate']).toBe(PREVIEW_KEYS.previewModeId);
    expect(seen[0].headers['x-prerender-revalidate-if-generated']).toBeUndefined();
    expect(seen[0].headers.cookie).toBeUndefined();
  });

  it('x-vercel-cache REVALIDATED (any case) also succeeds', async () => {
    const { origin } = await startFrontend((_req, res) => {
      res.setHeader('x-vercel-cache', 'revalidated');
      res.statusCode = 500;
      res.end();
    });
    const app = testHandler(revalidating, { ...PRODUCTION, revalidate: revalidateNextFrontend({ origin }) });
    expect((await request(app).get('/')).body).toEqual({ revalidated: true });
  });

  it('a 200 succeeds (Next 15+); its own previewModeId and forwarded headers are sent', async () => {
    const { origin, seen } = await startFrontend((_req, res) => res.end());
    const frontendId = 'ffffffffffffffffffffffffffffffff';
    const app = testHandler(revalidating, { ...PRODUCTION, revalidate: revalidateNextFrontend({ origin, previewModeId: frontendId, forwardHeaders: ['Cookie'] }) });
    const r = await request(app).get('/?path=/a').set('Cookie', 'session=1');
    expect(r.body).toEqual({ revalidated: true });
    expect(seen[0].headers['x-prerender-revalidate']).toBe(frontendId);
    expect(seen[0].headers.cookie).toBe('session=1');
  });

  it('404: failure, unless unstable_onlyGenerated (which also sends the if-generated header)', async () => {
    const { origin, seen } = await startFrontend((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    const app = testHandler(revalidating, { ...PRODUCTION, revalidate: revalidateNextFrontend({ origin }) });
    expect((await request(app).get('/?path=/nonexistent')).body).toEqual({ error: 'Failed to revalidate /nonexistent: Invalid response 404' });
    expect((await request(app).get('/?path=/nonexistent&only=1')).body).toEqual({ revalidated: true });
    expect(seen[1].headers['x-prerender-revalidate-if-generated']).toBe('1');
  });

  it('an unreachable frontend rejects with the fetch failure wrapped', async () => {
    const { origin } = await startFrontend((_req, res) => res.end());
    await closeServer(frontend as http.Server);
    frontend = undefined;
    const app = testHandler(revalidating, { ...PRODUCTION, revalidate: revalidateNextFrontend({ origin }) });
    const r = await request(app).get('/?path=/gone');
    expect(r.body.error).toMatch(/^Failed to revalidate \/gone: /);
  });

  it('validates its options', () => {
    expect(() => revalidateNextFrontend({ origin: 'example.com' })).toThrow(TypeError);
    expect(() => revalidateNextFrontend({ origin: 'https://example.com', previewModeId: 'short' })).toThrow(/previewModeId/);
  });
});
