/**
 * `req.query` (spec §6): WHATWG `URLSearchParams` parsing of the raw query
 * string, a key seen once gives a string and a repeated key an array in order,
 * then route params overwrite same-named keys, as Next's
 * `{ ...queryStringParams, ...routeParams }`. Keys keep the order of first
 * appearance; params not already present follow.
 *
 * An optional catch-all that matched no segment has no key in `params`, so a
 * query value of the same name shows through unchanged (`/api/opt?slug=q`
 * gives `{ slug: 'q' }`), exactly as in Next.
 *
 * Next 16 strips `nxtP*`/`nxtI*` keys, an artefact of its internal rewrites;
 * there are no such rewrites here, so they are ordinary keys.
 */
import { hasOwn, setOwn } from './own';

export type Query = Record<string, string | string[]>;

export function buildQuery(search: string, params: Record<string, string | string[]>): Query {
  const query: Query = {};
  // Fast path: most API requests carry no query string.
  if (search !== '') {
    for (const [key, value] of new URLSearchParams(search)) {
      if (!hasOwn(query, key)) {
        setOwn(query, key, value);
      } else {
        const existing = query[key];
        if (Array.isArray(existing)) existing.push(value);
        else setOwn(query, key, [existing, value]);
      }
    }
  }
  for (const key in params) {
    if (hasOwn(params, key)) setOwn(query, key, params[key]);
  }
  return query;
}
