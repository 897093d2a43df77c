/**
 * RSC requests to a route handler (docs/next-behaviour.md §33): a request
 * with `RSC: 1` is sent back to its URL with Next's cache-busting `_rsc`
 * parameter, computed from the router headers (sha-256, base64url, 16
 * characters; no value when none of them was sent).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function isRscRequest(headers: IncomingHttpHeaders): boolean {
  return headers.rsc === '1';
}

/** The `_rsc` value Next expects for these headers; `null` when no router header was sent. */
export function cacheBustingParam(headers: IncomingHttpHeaders): string | null {
  const parts = ['next-router-prefetch', 'next-router-segment-prefetch', 'next-router-state-tree', 'next-url'].map((name) => header(headers, name));
  if (parts.every((p) => p === undefined)) return null;
  const text = parts.map((p) => p || '0').join(',');
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** Whether the query already carries the expected `_rsc` value. */
export function hasCacheBustingParam(search: string, expected: string | null): boolean {
  const actual = new URLSearchParams(search).get('_rsc');
  return actual !== null && actual === (expected ?? '');
}
