// Pure parts of lib/web (docs/next-behaviour.md §24, §27, §33): cookie
// parsing and serialisation, the query Next rebuilds, the RSC cache-busting
// hash, Next's constants — no sockets needed for these.
import { generateETag } from '../../lib/pages/etag';
import { NextRequest, NextResponse, NextURL } from '../../lib';
import { nextQueryString } from '../../lib/web/node-request';
import { INTERNAL_SERVER_ERROR_ETAG } from '../../lib/web/plain-answers';
import { RequestCookies } from '../../lib/web/request-cookies';
import { parseSetCookie, ResponseCookies, stringifyCookie } from '../../lib/web/response-cookies';
import { cacheBustingParam } from '../../lib/web/rsc';
import { pagePath } from '../../lib/web/prerender';

test('the plain 500\'s ETag is Next\'s ETag of its body', () => {
  expect(INTERNAL_SERVER_ERROR_ETAG).toBe(generateETag('Internal Server Error'));
});

test('request cookies: Next\'s edge parser (§27)', () => {
  const jar = new RequestCookies(new Headers({ cookie: 'novalue; =x; a=b=c; d = e ; bad=%E0%A4%A; dup=1; dup=2; __proto__=p; sp=%20%3B' }));
  expect(jar.getAll()).toEqual([
    { name: 'novalue', value: 'true' },
    { name: '', value: 'x' },
    { name: 'a', value: 'b=c' },
    { name: 'd ', value: ' e ' },
    { name: 'dup', value: '2' },
    { name: '__proto__', value: 'p' },
    { name: 'sp', value: ' ;' },
  ]);
  expect(jar.toString()).toBe('novalue=true; =x; a=b%3Dc; d =%20e%20; dup=2; __proto__=p; sp=%20%3B');
});

test('response cookies: serialisation, delete, maxAge, set twice (§27)', () => {
  const headers = new Headers();
  const jar = new ResponseCookies(headers);
  jar.set('a', 'x y', { path: '/api', domain: 'example.com', secure: true, httpOnly: true, sameSite: 'strict', partitioned: true, priority: 'high' });
  jar.set('a', 'again');
  jar.delete('gone');
  expect(headers.getSetCookie()).toEqual(['a=again; Path=/', 'gone=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  const before = Date.now();
  jar.set('ma', 'v', { maxAge: 10 });
  const line = headers.getSetCookie()[2];
  const expires = Date.parse(/Expires=([^;]+)/.exec(line)?.[1] ?? '');
  expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 9000);
  expect(line).toMatch(/^ma=v; Path=\/; Expires=.+; Max-Age=10$/);
  expect(stringifyCookie({ name: 'o', value: 'v', sameSite: 'lax' })).toBe('o=v; SameSite=lax');
  expect(parseSetCookie('c=3; Max-Age=10; HttpOnly; SameSite=Lax')).toEqual({ name: 'c', value: '3', httpOnly: true, maxAge: 10, sameSite: 'lax' });
});

test('the query Next rebuilds (§24): URLSearchParams writing, nxtP keys dropped, repeated keys grouped', () => {
  expect(nextQueryString('flag&sp=%20x&k%61y=1&arr[]=v&bad=%E0%A4%A&eq=x=y')).toBe('?flag=&sp=+x&kay=1&arr%5B%5D=v&bad=%EF%BF%BD%25A&eq=x%3Dy');
  expect(nextQueryString('nxtPid=1&nxtP=3&nxtIx=2&keep=1')).toBe('?nxtP=3&keep=1');
  expect(nextQueryString('')).toBe('');
  expect(nextQueryString('a=1&b=2&a=3')).toBe('?a=1&a=3&b=2');
  expect(nextQueryString('x=1', { id: '42' })).toBe('?x=1&id=42');
});

test('the RSC cache-busting value (§33), as recorded from next start', () => {
  expect(cacheBustingParam({ rsc: '1' })).toBeNull();
  expect(cacheBustingParam({ rsc: '1', 'next-router-state-tree': '%5B%22%22%5D', 'next-router-prefetch': '1' })).toBe('n8Ql3tQ9Sl3qvEos');
});

test('cache keys: the route path in the Next app', () => {
  expect(pagePath('/api/posts/[id]', { id: 'a b' })).toBe('/api/posts/a%20b');
  expect(pagePath('/api/docs/[...slug]', { slug: ['x', 'y'] })).toBe('/api/docs/x/y');
  expect(pagePath('/api/opt/[[...slug]]', {})).toBe('/api/opt');
});

test('NextResponse.redirect and NextURL, as Next\'s', () => {
  const res = NextResponse.redirect('https://example.com/path x');
  expect([res.status, res.headers.get('location')]).toEqual([307, 'https://example.com/path%20x']);
  expect(() => NextResponse.redirect('/relative')).toThrow('URL is malformed "/relative". Please use only absolute URLs');
  expect(() => NextResponse.redirect('https://example.com/', 200)).toThrow(RangeError);
  const url = new NextURL('http://localhost/a?b=1');
  const copy = url.clone();
  copy.pathname = '/c';
  expect([url.pathname, copy.href, url.basePath, url.locale, JSON.stringify({ url })]).toEqual(['/a', 'http://localhost/c?b=1', '', '', '{"url":"http://localhost/a?b=1"}']);
});

test('a NextRequest made by hand keeps the Fetch signal; its cookies and nextUrl work', () => {
  const controller = new AbortController();
  const request = new NextRequest('http://localhost/a?b=1', { headers: { cookie: 'x=1' }, signal: controller.signal });
  expect(request.signal.aborted).toBe(false);
  controller.abort();
  expect(request.signal.aborted).toBe(true);
  expect([request.cookies.get('x')?.value, request.nextUrl.searchParams.get('b'), request instanceof Request]).toEqual(['1', '1', true]);
  expect(() => (request as unknown as { page: unknown }).page).toThrow('The request.page has been deprecated');
});
