/**
 * Request freshness for `res.send` (docs/next-behaviour.md §10.4). Next runs the `fresh` package
 * (0.5 line) on the request headers and `{ etag }` only. We write the check out
 * instead of calling `fresh@2`, because fresh@2 changed one rule Next relies on:
 * in fresh@2 a matching `If-None-Match` wins over `If-Modified-Since`, while in
 * Next a matching `If-None-Match` plus any `If-Modified-Since` is *not* fresh
 * (there is never a `Last-Modified` to compare against), so the answer is 200.
 *
 * Neither the method nor the status code is consulted: POST, or a 404 body, with
 * a matching `If-None-Match` still turns into a 304 (docs/next-behaviour.md §10.4, observed).
 */
import type { IncomingHttpHeaders } from 'node:http';

/** True when the request `Cache-Control` holds the `no-cache` token (RFC 9111 §5.2.1.4, case-sensitive as in `fresh`). */
function hasNoCache(cacheControl: string): boolean {
  if (!cacheControl.includes('no-cache')) return false;
  for (const part of cacheControl.split(',')) {
    if (part.trim() === 'no-cache') return true;
  }
  return false;
}

/**
 * Whether one of the comma-separated entity tags of `If-None-Match`
 * (RFC 9110 §13.1.2, weak comparison) matches `etag`. Only spaces around a
 * token are ignored, as in `fresh`.
 */
function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  const weak = 'W/' + etag;
  let start = 0;
  const len = ifNoneMatch.length;
  while (start <= len) {
    let end = ifNoneMatch.indexOf(',', start);
    if (end === -1) end = len;
    let a = start;
    let b = end;
    while (a < b && ifNoneMatch.charCodeAt(a) === 0x20) a++;
    while (b > a && ifNoneMatch.charCodeAt(b - 1) === 0x20) b--;
    const token = ifNoneMatch.slice(a, b);
    if (token === etag || token === weak || 'W/' + token === etag) return true;
    start = end + 1;
  }
  return false;
}

/** `fresh(req.headers, { etag })` with Next's bundled-`fresh` semantics. */
export function isFresh(reqHeaders: IncomingHttpHeaders, etag: string): boolean {
  const modifiedSince = reqHeaders['if-modified-since'];
  const noneMatch = reqHeaders['if-none-match'];
  if (!modifiedSince && !noneMatch) return false; // unconditional request
  const cacheControl = reqHeaders['cache-control'];
  if (cacheControl && hasNoCache(cacheControl)) return false; // end-to-end reload
  if (noneMatch && noneMatch !== '*' && !matchesEtag(noneMatch, etag)) return false;
  // Next passes no Last-Modified, so any If-Modified-Since makes the response stale.
  if (modifiedSince) return false;
  return true;
}
