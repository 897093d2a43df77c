/**
 * `req.query` (docs/next-behaviour.md §6): WHATWG `URLSearchParams` parsing of the raw query
 * string, a key seen once gives a string and a repeated key an array in order,
 * then route params overwrite same-named keys, as Next's
 * `{ ...queryStringParams, ...routeParams }`. Keys keep the order of first
 * appearance; params not already present follow.
 *
 * An optional catch-all that matched no segment has no key in `params`, so a
 * query value of the same name shows through unchanged (`/api/opt?slug=q`
 * gives `{ slug: 'q' }`), exactly as in Next.
 *
 * Next 16 drops query keys that start with its internal prefixes `nxtP`
 * (route params carried through rewrites) and `nxtI` (interception markers),
 * but not the bare prefixes themselves (docs/next-behaviour.md §6 "Internal or odd keys",
 * observed in the conformance golden file). A client sending them gets the
 * same query as from Next.
 *
 * `__proto__` in the query string is dropped too, as Next drops it (issue 9).
 * Kept as an ordinary key, `?__proto__=a&__proto__=b` hands the handler an own
 * `__proto__` array, and a handler that deep-merges `req.query` the naive way
 * (`for (k in src) merge(target[k], src[k])`) then writes into
 * `Object.prototype`; under Next the same handler is safe. A route param named
 * `__proto__` (a file `[__proto__].js`) is the developer's own name, not the
 * client's, and is kept.
 */
import { hasOwn, setOwn } from './own-keys';

export type Query = Record<string, string | string[]>;

const INTERNAL_PREFIXES = ['nxtP', 'nxtI'];

/** True for `__proto__`, `nxtPslug`, `nxtIx`; false for `nxtP` alone and everything else. */
function isDroppedQueryKey(key: string): boolean {
  if (key === '__proto__') return true;
  if (key.length <= 4 || key.charCodeAt(0) !== 0x6e /* n */) return false;
  for (const prefix of INTERNAL_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}

/** One `name=value` pair into the query: a repeated name becomes an array, in order. */
function addPair(query: Query, key: string, value: string): void {
  if (isDroppedQueryKey(key)) return;
  if (!hasOwn(query, key)) {
    setOwn(query, key, value);
  } else {
    const existing = query[key];
    if (Array.isArray(existing)) existing.push(value);
    else setOwn(query, key, [existing, value]);
  }
}

/**
 * The WHATWG form-urlencoded parse of a query string with nothing to decode
 * (no `%`, no `+`): split on `&`, empty pieces skipped, name and value split
 * at the first `=`. With nothing to decode that is all `URLSearchParams`
 * does (`req.url` holds Latin-1 characters, which its UTF-8 round trip keeps
 * as they are), without its entry arrays and iterator per request. Like
 * `URLSearchParams`, one leading `?` is dropped (`/x??a=1` has the search `?a=1`).
 * One pass over the characters, which also looks for `%` and `+`, instead of
 * four `indexOf`/`includes` calls: 33 against 49 ns for `x=1`, the same at 49
 * characters (Node 20; bench/README.md "Phase 7"). Returns false, with `query`
 * to be thrown away, when there is something to decode.
 */
function addPlainPairs(query: Query, search: string): boolean {
  const length = search.length;
  let start = search.charCodeAt(0) === 0x3f /* ? */ ? 1 : 0;
  let equals = -1;
  for (let i = start; i <= length; i++) {
    const code = i === length ? 0x26 : search.charCodeAt(i);
    if (code === 0x26 /* & */) {
      if (i > start) {
        if (equals === -1) addPair(query, search.slice(start, i), '');
        else addPair(query, search.slice(start, equals), search.slice(equals + 1, i));
      }
      start = i + 1;
      equals = -1;
    } else if (code === 0x3d /* = */) {
      if (equals === -1) equals = i;
    } else if (code === 0x25 /* % */ || code === 0x2b /* + */) {
      return false;
    }
  }
  return true;
}

export function buildQuery(search: string, params: Record<string, string | string[]>): Query {
  let query: Query = {};
  // Most API requests carry no query string, and most of the rest nothing to decode.
  if (search !== '' && !addPlainPairs(query, search)) {
    query = {};
    for (const [key, value] of new URLSearchParams(search)) addPair(query, key, value);
  }
  for (const key in params) {
    if (hasOwn(params, key)) setOwn(query, key, params[key]);
  }
  return query;
}
