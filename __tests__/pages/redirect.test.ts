// res.redirect (docs/next-behaviour.md §10.5): its argument forms, the status,
// Location and body it writes, and the 500 for arguments Next refuses.
import request from 'supertest';
import type { NextApiHandler, NextApiResponse } from '../../lib';
import { testHandler } from '../../lib/testing';
import { headerNames, logged, PRODUCTION } from '../support';

const forms: Record<string, (res: NextApiResponse) => void> = {
  one: (res) => res.redirect('/api/echo'),
  two: (res) => res.redirect(301, '/api/echo'),
  swapped: (res) => (res.redirect as (a: unknown, b: unknown) => void)('/api/echo', 301),
  numstr: (res) => (res.redirect as (a: unknown, b: unknown) => void)('302', '/x'),
  200: (res) => res.redirect(200, '/x'),
  numonly: (res) => (res.redirect as (a: unknown) => void)(302),
  status1000: (res) => res.redirect(1000, '/x'),
  none: (res) => (res.redirect as unknown as () => void)(),
};
/** `?t=<form>` picks the call. */
const redirecting: NextApiHandler = (req, res) => forms[String(req.query.t)](res);

describe('res.redirect(url) and res.redirect(status, url) (docs/next-behaviour.md §10.5)', () => {
  it.each([
    ['one', 307, '/api/echo'],
    ['two', 301, '/api/echo'],
    ['swapped', 307, '/api/echo'],
    ['numstr', 307, '302'],
    ['200', 200, '/x'],
  ])('%s -> %d Location %s, body = URL, no Content-Type', async (t, status, location) => {
    const app = testHandler(redirecting, PRODUCTION);
    const r = await request(app).get(`/?t=${t}`).redirects(0);
    expect(r.status).toBe(status);
    expect(r.headers.location).toBe(location);
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.text).toBe(location);
    expect(headerNames(r, /^location$/i)).toEqual(['Location']);
  });
});

describe('arguments Next refuses (docs/next-behaviour.md §10.5; docs/design.md "An invalid status code ends in a clean 500")', () => {
  it("an out-of-range status: 500 that keeps Location, as on Next's wire", async () => {
    const app = testHandler(redirecting, PRODUCTION);
    const r = await request(app).get('/?t=status1000').redirects(0);
    expect([r.status, r.headers.location, r.text]).toEqual([500, '/x', 'Internal Server Error']);
  });

  it("bad arguments give 500 and log Next's message", async () => {
    const app = testHandler(redirecting, PRODUCTION);
    for (const t of ['numonly', 'none']) {
      const r = await request(app).get(`/?t=${t}`);
      expect(r.status).toBe(500);
      expect(r.text).toBe('Internal Server Error');
    }
    expect(logged(app, 'error')[0]).toContain(
      "Invalid redirect arguments. Please use a single argument URL, e.g. res.redirect('/destination') or use a status code and URL, e.g. res.redirect(307, '/destination').",
    );
  });
});
