// Draft and preview mode (docs/next-behaviour.md §9, §10.6): the cookies the
// helpers set, and what a later request carrying them finds on req — sent back
// as a browser would.
import { createCipheriv, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import request from 'supertest';
import type { NextApiHandler, NextApiRequest, NextApiResponse } from '../../lib';
import { testHandler, type TestApp } from '../../lib/testing';
import { DEV, headerList, logged, PREVIEW_KEYS, PRODUCTION } from '../support';

const ID = PREVIEW_KEYS.previewModeId;
const PROD = 'Path=/; HttpOnly; Secure; SameSite=None';
const EPOCH = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT';

const actions: Record<string, (req: NextApiRequest, res: NextApiResponse) => void> = {
  on: (_req, res) => void res.setDraftMode({ enable: true }),
  default: (_req, res) => void (res.setDraftMode as () => NextApiResponse)(),
  off: (_req, res) => void res.setDraftMode({ enable: false }),
  preview: (_req, res) => void res.setPreviewData({ user: 'x' }),
  previewopts: (_req, res) => void res.setPreviewData({ user: 'x' }, { maxAge: 60, path: '/about' }),
  previewbig: (_req, res) => void res.setPreviewData({ big: 'x'.repeat(3000) }),
  clear: (_req, res) => void res.clearPreviewData(),
  clear2: (_req, res) => void res.clearPreviewData().clearPreviewData(),
  clearpath: (_req, res) => void res.clearPreviewData({ path: '/about' }),
  existing: (_req, res) => {
    res.setHeader('Set-Cookie', 'a=b');
    res.setDraftMode({ enable: true });
  },
  existingarray: (_req, res) => {
    res.setHeader('Set-Cookie', ['a=b', 'c=d']);
    res.clearPreviewData();
  },
  none: () => undefined,
};

/** `?t=<action>` calls one preview helper, then reports the preview props. */
const draft: NextApiHandler = (req, res) => {
  actions[String(req.query.t ?? 'none')](req, res);
  res.json({ preview: req.preview ?? 'undefined', draftMode: req.draftMode ?? 'undefined', previewData: req.previewData });
};

/** `handler` (default: draft) under `next start`, or `next dev` for the dev cookie attributes. */
function serve(handler: NextApiHandler = draft, dev = false): TestApp {
  return testHandler(handler, dev ? DEV : PRODUCTION);
}

/** `name=value` of a Set-Cookie line: what a browser sends back. */
function cookiePair(setCookie: string): string {
  return setCookie.slice(0, setCookie.indexOf(';'));
}

describe('the cookies the helpers set (docs/next-behaviour.md §10.6)', () => {
  it('setDraftMode on/off in prod; default argument enables', async () => {
    const app = serve();
    expect(headerList(await request(app).get('/?t=on'), 'set-cookie')).toEqual([`__prerender_bypass=${ID}; ${PROD}`]);
    expect(headerList(await request(app).get('/?t=default'), 'set-cookie')).toEqual([`__prerender_bypass=${ID}; ${PROD}`]);
    expect(headerList(await request(app).get('/?t=off'), 'set-cookie')).toEqual([`__prerender_bypass=${ID}; Path=/; ${EPOCH}; HttpOnly; Secure; SameSite=None`]);
  });

  it('NODE_ENV=development attributes: SameSite=Lax, no Secure (see preview-cookie-attributes.test.ts)', async () => {
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      const app = serve(draft, true);
      expect(headerList(await request(app).get('/?t=on'), 'set-cookie')).toEqual([`__prerender_bypass=${ID}; Path=/; HttpOnly; SameSite=Lax`]);
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  it('setPreviewData: bypass + JWT cookies', async () => {
    const app = serve();
    const cookies = headerList(await request(app).get('/?t=preview'), 'set-cookie');
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toBe(`__prerender_bypass=${ID}; ${PROD}`);
    expect(cookies[1]).toMatch(new RegExp(`^__next_preview_data=[\\w-]+\\.[\\w-]+\\.[\\w-]+; ${PROD}$`));
  });

  it('setPreviewData with maxAge and path: Max-Age first, Path replaced, exp = iat + maxAge', async () => {
    const app = serve();
    const cookies = headerList(await request(app).get('/?t=previewopts'), 'set-cookie');
    expect(cookies[0]).toBe(`__prerender_bypass=${ID}; Max-Age=60; Path=/about; HttpOnly; Secure; SameSite=None`);
    expect(cookies[1]).toMatch(/^__next_preview_data=[^;]+; Max-Age=60; Path=\/about; HttpOnly; Secure; SameSite=None$/);
    const jwt = cookiePair(cookies[1]).split('=')[1];
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { iat: number; exp: number; data: string };
    expect(claims.exp - claims.iat).toBe(60);
    expect(Object.keys(claims)).toEqual(['data', 'iat', 'exp']);
  });

  it('preview data over 2KB: 500, Next\'s message in the log', async () => {
    const app = serve();
    const r = await request(app).get('/?t=previewbig');
    expect([r.status, r.text]).toEqual([500, 'Internal Server Error']);
    expect(headerList(r, 'set-cookie')).toEqual([]);
    expect(logged(app, 'error').join('\n')).toContain(
      'Preview data is limited to 2KB currently, reduce how much data you are storing as preview data to continue',
    );
  });

  it('clearPreviewData: both cookies expired; idempotent; path option', async () => {
    const app = serve();
    const expected = [`__prerender_bypass=; Path=/; ${EPOCH}; HttpOnly; Secure; SameSite=None`, `__next_preview_data=; Path=/; ${EPOCH}; HttpOnly; Secure; SameSite=None`];
    expect(headerList(await request(app).get('/?t=clear'), 'set-cookie')).toEqual(expected);
    expect(headerList(await request(app).get('/?t=clear2'), 'set-cookie')).toEqual(expected);
    expect(headerList(await request(app).get('/?t=clearpath'), 'set-cookie')).toEqual(expected.map((c) => c.replace('Path=/;', 'Path=/about;')));
  });

  it('appends to an existing Set-Cookie string or array', async () => {
    const app = serve();
    expect(headerList(await request(app).get('/?t=existing'), 'set-cookie')).toEqual(['a=b', `__prerender_bypass=${ID}; ${PROD}`]);
    const arr = headerList(await request(app).get('/?t=existingarray'), 'set-cookie');
    expect(arr.slice(0, 2)).toEqual(['a=b', 'c=d']);
    expect(arr).toHaveLength(4);
  });
});

describe('what a later request carrying them finds on req (docs/next-behaviour.md §9)', () => {
  it('no preview cookies: previewData false, preview/draftMode undefined, no Set-Cookie', async () => {
    const app = serve();
    const r = await request(app).get('/').set('Cookie', 'a=1');
    expect(r.body).toEqual({ preview: 'undefined', draftMode: 'undefined', previewData: false });
    expect(headerList(r, 'set-cookie')).toEqual([]);
  });

  it('draft mode round trip: {} previewData', async () => {
    const app = serve();
    const set = headerList(await request(app).get('/?t=on'), 'set-cookie');
    const r = await request(app).get('/').set('Cookie', cookiePair(set[0]));
    expect(r.body).toEqual({ preview: true, draftMode: true, previewData: {} });
    expect(headerList(r, 'set-cookie')).toEqual([]);
  });

  it('preview data round trip', async () => {
    const app = serve();
    const set = headerList(await request(app).get('/?t=preview'), 'set-cookie');
    const r = await request(app).get('/').set('Cookie', `other=1; ${set.map(cookiePair).join('; ')}`);
    expect(r.body).toEqual({ preview: true, draftMode: true, previewData: { user: 'x' } });
  });

  it('accepts a data cookie built independently in Next\'s format (shared keys)', async () => {
    // What a Next.js frontend with the same keys would set: aes-256-gcm under a
    // PBKDF2-SHA512 key, hex(salt|iv|tag|ct), inside an HS256 JWT.
    const salt = randomBytes(64);
    const iv = randomBytes(16);
    const key = pbkdf2Sync(Buffer.from(PREVIEW_KEYS.previewModeEncryptionKey), salt, 100_000, 32, 'sha512');
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ct = Buffer.concat([cipher.update(JSON.stringify({ from: 'next' }), 'utf8'), cipher.final()]);
    const data = Buffer.concat([salt, iv, cipher.getAuthTag(), ct]).toString('hex');
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    const claims = Buffer.from(JSON.stringify({ data, iat: Math.floor(Date.now() / 1000) })).toString('base64url');
    const sig = createHmac('sha256', PREVIEW_KEYS.previewModeSigningKey).update(`${header}.${claims}`).digest('base64url');
    const app = serve();
    const r = await request(app).get('/').set('Cookie', `__prerender_bypass=${ID}; __next_preview_data=${header}.${claims}.${sig}`);
    expect(r.body).toEqual({ preview: true, draftMode: true, previewData: { from: 'next' } });
  });

  it.each([
    ['a wrong bypass id', `__prerender_bypass=wrong`],
    ['a data cookie alone', `__next_preview_data=abc.def.ghi`],
    ['a bad JWT', `__prerender_bypass=${ID}; __next_preview_data=abc.def.ghi`],
  ])('%s: false plus both clearing cookies', async (_name, cookie) => {
    const app = serve();
    const r = await request(app).get('/').set('Cookie', cookie);
    expect(r.body).toEqual({ preview: 'undefined', draftMode: 'undefined', previewData: false });
    expect(headerList(r, 'set-cookie')).toEqual([
      `__prerender_bypass=; Path=/; ${EPOCH}; HttpOnly; Secure; SameSite=None`,
      `__next_preview_data=; Path=/; ${EPOCH}; HttpOnly; Secure; SameSite=None`,
    ]);
  });

  it('clearing is eager: added even when the handler never reads the preview props', async () => {
    const app = serve((_req, res) => res.send('hello'));
    const r = await request(app).get('/').set('Cookie', '__prerender_bypass=wrong');
    expect(r.text).toBe('hello');
    expect(headerList(r, 'set-cookie')).toHaveLength(2);
  });

  it('a clearPreviewData() call after the automatic clearing adds nothing', async () => {
    const app = serve((_req, res) => {
      res.clearPreviewData();
      res.send('x');
    });
    const r = await request(app).get('/').set('Cookie', '__prerender_bypass=wrong');
    expect(headerList(r, 'set-cookie')).toHaveLength(2);
  });

  it('x-prerender-revalidate with the id disables preview and touches no cookie', async () => {
    const app = serve();
    const r = await request(app).get('/').set('Cookie', `__prerender_bypass=${ID}`).set('x-prerender-revalidate', ID);
    expect(r.body).toEqual({ preview: 'undefined', draftMode: 'undefined', previewData: false });
    expect(headerList(r, 'set-cookie')).toEqual([]);
  });

  it('an expired JWT is cleared', async () => {
    const app = serve((req, res) => {
      if (req.query.t === 'set') return void res.setPreviewData({ a: 1 }, { maxAge: -1 }).send('set');
      res.json({ previewData: req.previewData });
    });
    const set = headerList(await request(app).get('/?t=set'), 'set-cookie');
    const r = await request(app).get('/').set('Cookie', set.map(cookiePair).join('; '));
    expect(r.body).toEqual({ previewData: false });
    expect(headerList(r, 'set-cookie')).toHaveLength(2);
  });

  it('a cookie accepted before is cleared once its maxAge has passed (accepted tokens are cached, their expiry is not)', async () => {
    const app = serve((req, res) => {
      if (req.query.t === 'set') return void res.setPreviewData({ a: 1 }, { maxAge: 60 }).send('set');
      res.json({ previewData: req.previewData });
    });
    const cookie = headerList(await request(app).get('/?t=set'), 'set-cookie').map(cookiePair).join('; ');
    const first = await request(app).get('/').set('Cookie', cookie);
    expect(first.body).toEqual({ previewData: { a: 1 } });
    expect(headerList(first, 'set-cookie')).toEqual([]);
    // The same token again, 61 s later: the clock moves, nothing else does.
    const realNow = Date.now;
    const later = realNow() + 61_000;
    Date.now = () => later;
    try {
      const second = await request(app).get('/').set('Cookie', cookie);
      expect(second.body).toEqual({ previewData: false });
      expect(headerList(second, 'set-cookie')).toEqual([`__prerender_bypass=; Path=/; ${EPOCH}; HttpOnly; Secure; SameSite=None`, `__next_preview_data=; Path=/; ${EPOCH}; HttpOnly; Secure; SameSite=None`]);
    } finally {
      Date.now = realNow;
    }
    expect((await request(app).get('/').set('Cookie', cookie)).body).toEqual({ previewData: { a: 1 } });
  });

  it("a token carrying an accepted token's signature over other claims is refused (the cache finds tokens by signature)", async () => {
    const app = serve((req, res) => {
      if (req.query.t === 'set') return void res.setPreviewData({ role: 'viewer' }).send('set');
      res.json({ previewData: req.previewData });
    });
    const pairs = headerList(await request(app).get('/?t=set'), 'set-cookie').map(cookiePair);
    const accepted = await request(app).get('/').set('Cookie', pairs.join('; '));
    expect(accepted.body).toEqual({ previewData: { role: 'viewer' } });
    // Same header and signature, claims of another token (no longer signed by them).
    const [bypass, data] = pairs;
    const [head, claims, signature] = data.slice('__next_preview_data='.length).split('.');
    const otherClaims = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), iat: 1 })).toString('base64url');
    const forged = await request(app).get('/').set('Cookie', `${bypass}; __next_preview_data=${head}.${otherClaims}.${signature}`);
    expect(forged.body).toEqual({ previewData: false });
    expect(headerList(forged, 'set-cookie')).toHaveLength(2);
    // The accepted token still is.
    expect((await request(app).get('/').set('Cookie', pairs.join('; '))).body).toEqual({ previewData: { role: 'viewer' } });
  });

  it('previewData assigned before it is read drives preview/draftMode', async () => {
    const app = serve((req, res) => {
      req.previewData = { set: 'by handler' };
      res.json({ preview: req.preview, draftMode: req.draftMode });
    });
    expect((await request(app).get('/')).body).toEqual({ preview: true, draftMode: true });
  });
});
