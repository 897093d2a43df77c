/**
 * The compiled matcher, built once per `apiRoutes()` call (docs/next-behaviour.md §4).
 *
 * A static map answers fully static paths in one lookup. Everything else walks
 * a trie of segments depth-first, trying at each level the static child, then
 * `[param]`, `[...catchAll]` and `[[...optional]]`, backtracking on failure.
 * That visits routes in exactly Next's sorted order, so the first hit is the
 * route whose regex Next would have matched first. No regex, no sort, no I/O
 * per request.
 */
import type { RouteEntry, RouteSet } from './precedence';

/** Raw (still percent-encoded) captures: a string for `[p]`, segments for catch-alls. */
export type RawParams = Record<string, string | string[]>;

export interface Match {
  readonly entry: RouteEntry;
  readonly rawParams: RawParams;
}

interface MatcherNode {
  entry: RouteEntry | undefined;
  statics: Map<string, MatcherNode> | undefined;
  param: { name: string; node: MatcherNode } | undefined;
  catchAll: { name: string; entry: RouteEntry } | undefined;
  optional: { name: string; entry: RouteEntry } | undefined;
}

function newNode(): MatcherNode {
  return { entry: undefined, statics: undefined, param: undefined, catchAll: undefined, optional: undefined };
}

function insert(root: MatcherNode, entry: RouteEntry): void {
  let node = root;
  for (const segment of entry.segments) {
    switch (segment.kind) {
      case 'static': {
        node.statics ??= new Map();
        let next = node.statics.get(segment.value);
        if (!next) node.statics.set(segment.value, (next = newNode()));
        node = next;
        break;
      }
      case 'param':
        node.param ??= { name: segment.name, node: newNode() };
        node = node.param.node;
        break;
      case 'catch-all':
        node.catchAll = { name: segment.name, entry };
        return;
      case 'optional-catch-all':
        node.optional = { name: segment.name, entry };
        return;
    }
  }
  node.entry = entry;
}

/**
 * The walk over `path` without splitting it: `start` is the index just after
 * the `/` that opens the current segment (`path.length + 1` once every
 * segment is consumed). Captured `[param]` segments go on the shared
 * `captured` stack (the walk is synchronous) and are copied into the params
 * of the match only.
 */
function walk(node: MatcherNode, path: string, start: number): Match | undefined {
  if (start > path.length) {
    if (node.entry) return { entry: node.entry, rawParams: paramsOf(node.entry, undefined) };
    // `[[...p]]` matches zero segments; the key is then absent (docs/next-behaviour.md §4 "Params").
    if (node.optional) return { entry: node.optional.entry, rawParams: paramsOf(node.optional.entry, undefined) };
    return undefined;
  }
  let end = path.indexOf('/', start);
  if (end === -1) end = path.length;
  const part = path.slice(start, end);
  const staticChild = node.statics?.get(part);
  if (staticChild) {
    const hit = walk(staticChild, path, end + 1);
    if (hit) return hit;
  }
  if (node.param) {
    captured.push(part);
    const hit = walk(node.param.node, path, end + 1);
    captured.pop();
    if (hit) return hit;
  }
  const rest = node.catchAll ?? node.optional;
  if (rest) return { entry: rest.entry, rawParams: paramsOf(rest.entry, path.slice(start).split('/')) };
  return undefined;
}

/** The `[param]` segments captured on the way down to the current node, outermost first. */
const captured: string[] = [];

/**
 * Sets a param as an own data property. A route file may be named
 * `[__proto__].js`: assigning that key would set the object's prototype (a
 * string is ignored, an array becomes the prototype) instead of the param.
 */
export function setParam(params: Record<string, string | string[]>, name: string, value: string | string[]): void {
  if (name === '__proto__') Object.defineProperty(params, name, { value, writable: true, enumerable: true, configurable: true });
  else params[name] = value;
}

function paramsOf(entry: RouteEntry, rest: string[] | undefined): RawParams {
  const params: RawParams = {};
  const names = entry.paramNames;
  for (let i = 0; i < captured.length; i++) setParam(params, names[i], captured[i]);
  if (rest !== undefined) setParam(params, names[names.length - 1], rest);
  return params;
}

export interface Matcher {
  /** `path` is relative to the mount, starts with `/`, has no query, no trailing or repeated slash. */
  match(path: string): Match | undefined;
}

/** The raw params of every static match: one frozen object, shared. */
export const EMPTY_PARAMS: RawParams = Object.freeze({}) as RawParams;

/** `entries` in any order: a route's place in the trie, not the insertion order, decides its precedence. */
export function compileMatcher(entries: Iterable<RouteEntry>): Matcher {
  const statics = new Map<string, RouteEntry>();
  const dynamic: RouteEntry[] = [];
  for (const entry of entries) {
    if (entry.kind === 'static') statics.set(entry.route, entry);
    else dynamic.push(entry);
  }
  return matcherOf(statics, dynamic);
}

/** The matcher of a checked folder (precedence.ts `RouteSet`): its static map is the set's own, not a copy. */
export function compileRouteSet(set: RouteSet): Matcher {
  return matcherOf(set.statics, set.dynamic);
}

/**
 * Static routes by path, and a trie of the dynamic ones. A static route's
 * match never changes: it is made on the route's first request, frozen and
 * shared by the later ones (not made for each of 10,000 routes at start-up).
 * A request for a dynamic route costs two map misses before the walk (the
 * path's hash is cached on the string after the first).
 */
function matcherOf(entries: ReadonlyMap<string, RouteEntry>, dynamic: Iterable<RouteEntry>): Matcher {
  const statics = new Map<string, Match>();
  const root = newNode();
  for (const entry of dynamic) insert(root, entry);
  return {
    match(path) {
      const hit = statics.get(path);
      if (hit) return hit;
      const entry = entries.get(path);
      if (entry) {
        const match: Match = Object.freeze({ entry, rawParams: EMPTY_PARAMS });
        statics.set(path, match);
        return match;
      }
      captured.length = 0;
      // '/' has no segment: the walk starts past the end.
      return walk(root, path, path === '/' ? 2 : 1);
    },
  };
}
