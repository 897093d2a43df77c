/**
 * `req.cookies` (docs/next-behaviour.md §7): parsed from the `Cookie` header on first read, then
 * a plain data property. Parsing uses `cookie@1`'s `parse` with a decoder that
 * restores what Next's bundled cookie@0.4 does on top: a value wrapped in
 * double quotes loses its first and last character before decoding, and a
 * failed `decodeURIComponent` keeps the raw value. The first occurrence of a
 * name wins and pairs without `=` are skipped (both done by `cookie@1`).
 *
 * `cookie@1` returns a null-prototype object; the result is copied into a
 * plain `{}` (what Next hands out), with `__proto__`/`constructor`/... stored
 * as ordinary own keys (deliberate difference: Next drops them).
 *
 * If `cookie-parser` ran upstream, `req.cookies` is already its own data
 * property (with signed cookies removed and `j:` JSON decoded). Matched
 * requests still get Next's semantics, so the property is redefined; the
 * upstream `req.signedCookies` is left alone.
 */
import { parse } from 'cookie';
import { setOwn } from './own-keys';

function decodeValue(raw: string): string {
  let value = raw;
  if (value.charCodeAt(0) === 0x22 /* " */) value = value.slice(1, -1);
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const PARSE_OPTIONS = { decode: decodeValue };

/** Parses a `Cookie` header (string, or array joined with `'; '` as Next does) into a plain object. */
export function parseCookies(header: string | string[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (header === undefined) return result;
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (text === '') return result;
  const parsed = parse(text, PARSE_OPTIONS);
  for (const key in parsed) {
    const value = parsed[key];
    if (value !== undefined) setOwn(result, key, value);
  }
  return result;
}
