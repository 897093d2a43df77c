/**
 * Route segments, Next's precedence and Next's build-time errors (docs/next-behaviour.md §4).
 * Pure: no filesystem, no HTTP.
 *
 * Order (Next's getSortedRoutes): a trie of segments, emitted depth-first with,
 * at each level, the node's own page, then static children in JS string order,
 * then `[param]`, then `[...catchAll]`, then `[[...optional]]`.
 */
import { RouteTreeError } from '../errors';
import type { ScannedFile } from './scan-folder';

export type Segment =
  | { kind: 'static'; value: string }
  | { kind: 'param' | 'catch-all' | 'optional-catch-all'; name: string };

export type RouteKind = 'static' | 'dynamic' | 'catch-all' | 'optional-catch-all';

export interface RouteEntry {
  /** Path relative to the folder, in Next's bracket syntax: `/users/[id]`. */
  readonly route: string;
  /** Next's page name (the folder's prefix, `/api` for pages/api, + route), as Next's messages print it. */
  readonly page: string;
  readonly file: string;
  readonly segments: Segment[];
  readonly kind: RouteKind;
  readonly paramNames: string[];
}


interface DynamicSegment {
  name: string;
  optional: boolean;
  catchAll: boolean;
}

/** `[a]`, `[...a]`, `[[...a]]` (and `[[a]]`, refused later) → name and kind, with Next's segment-name errors. */
function parseDynamicSegment(raw: string, file: string): DynamicSegment {
  let name = raw.slice(1, -1);
  let optional = false;
  if (name.startsWith('[') && name.endsWith(']')) {
    name = name.slice(1, -1);
    optional = true;
  }
  if (name.startsWith('…')) {
    throw new RouteTreeError('ERR_INVALID_SEGMENT', `Detected a three-dot character ('…') at ('${name}'). Did you mean ('...')?`, [file]);
  }
  let catchAll = false;
  if (name.startsWith('...')) {
    name = name.slice(3);
    catchAll = true;
  }
  if (name.startsWith('[') || name.endsWith(']')) {
    throw new RouteTreeError('ERR_INVALID_SEGMENT', `Segment names may not start or end with extra brackets ('${name}').`, [file]);
  }
  if (name.startsWith('.')) {
    throw new RouteTreeError('ERR_INVALID_SEGMENT', `Segment names may not start with erroneous periods ('${name}').`, [file]);
  }
  return { name, optional, catchAll };
}

/** A claimed `[param]`, `[...catchAll]` or `[[...optional]]` slot of a trie level. */
interface DynamicSlot {
  name: string;
  node: RouteTrieNode;
  /** The file that claimed it first, to name in conflict errors. */
  file: string;
}

interface DynamicSlots {
  param: DynamicSlot | undefined;
  catchAll: DynamicSlot | undefined;
  optional: DynamicSlot | undefined;
}

/**
 * One level of the precedence trie. Built once per table, for every file of
 * the tree (10,000 files make about as many nodes), so a node is three fields
 * and allocates only what it uses: most are leaves with no children at all.
 */
class RouteTrieNode {
  declare entry: RouteEntry | undefined;
  declare statics: Map<string, RouteTrieNode> | undefined;
  declare dynamic: DynamicSlots | undefined;

  // Assigned in the constructor rather than as field initialisers: one object
  // shape from the start, and no per-field define step for each node.
  constructor() {
    this.entry = undefined;
    this.statics = undefined;
    this.dynamic = undefined;
  }

  insert(entry: RouteEntry, parts: readonly string[], index: number, slugNames: string[] | undefined, afterCatchAll: boolean): void {
    if (index === parts.length) {
      if (this.entry) throw duplicatePage(this.entry.file, entry.file, entry.page);
      this.entry = entry;
      return;
    }
    if (afterCatchAll) throw new RouteTreeError('ERR_INVALID_SEGMENT', 'Catch-all must be the last part of the URL.', [entry.file]);
    const raw = parts[index];
    let child: RouteTrieNode | undefined;
    let catchAll = false;
    if (raw.startsWith('[') && raw.endsWith(']')) {
      const dynamic = parseDynamicSegment(raw, entry.file);
      catchAll = dynamic.catchAll;
      slugNames ??= []; // made only for paths with a dynamic segment
      child = this.claim(dynamic, raw, slugNames, entry.file);
    } else {
      this.statics ??= new Map();
      child = this.statics.get(raw);
      if (!child) this.statics.set(raw, (child = new RouteTrieNode()));
    }
    child.insert(entry, parts, index + 1, slugNames, catchAll);
  }

  /**
   * Takes this level's `[param]`, `[...catchAll]` or `[[...optional]]` slot
   * for `segment`, with Next's conflict errors; returns the slot's node.
   */
  private claim(segment: DynamicSegment, raw: string, slugNames: string[], file: string): RouteTrieNode {
    const { name, optional, catchAll } = segment;
    const slots = (this.dynamic ??= { param: undefined, catchAll: undefined, optional: undefined });
    const checkSlug = (previous: DynamicSlot | undefined): void => {
      if (previous !== undefined && previous.name !== name) {
        throw new RouteTreeError('ERR_ROUTE_CONFLICT', `You cannot use different slug names for the same dynamic path ('${previous.name}' !== '${name}').`, [file, previous.file]);
      }
      for (const earlier of slugNames) {
        if (earlier === name) {
          throw new RouteTreeError('ERR_ROUTE_CONFLICT', `You cannot have the same slug name "${name}" repeat within a single dynamic path`, [file]);
        }
        // Next compares the earlier slug with the raw segment stripped of non-word characters.
        if (earlier.replace(/\W/g, '') === raw.replace(/\W/g, '')) {
          throw new RouteTreeError('ERR_ROUTE_CONFLICT', `You cannot have the slug names "${earlier}" and "${name}" differ only by non-word symbols within a single dynamic path`, [file]);
        }
      }
      slugNames.push(name);
    };
    const take = (key: keyof DynamicSlots): RouteTrieNode => (slots[key] ??= { name, node: new RouteTrieNode(), file }).node;
    if (catchAll && optional) {
      if (slots.catchAll) {
        throw new RouteTreeError('ERR_ROUTE_CONFLICT', `You cannot use both an required and optional catch-all route at the same level ("[...${slots.catchAll.name}]" and "${raw}" ).`, [file, slots.catchAll.file]);
      }
      checkSlug(slots.optional);
      return take('optional');
    }
    if (catchAll) {
      if (slots.optional) {
        throw new RouteTreeError('ERR_ROUTE_CONFLICT', `You cannot use both an optional and required catch-all route at the same level ("[[...${slots.optional.name}]]" and "${raw}").`, [file, slots.optional.file]);
      }
      checkSlug(slots.catchAll);
      return take('catchAll');
    }
    if (optional) throw new RouteTreeError('ERR_INVALID_SEGMENT', `Optional route parameters are not yet supported ("${raw}").`, [file]);
    checkSlug(slots.param);
    return take('param');
  }

  /** Depth-first, in Next's order. */
  collect(out: RouteEntry[]): void {
    if (this.entry) out.push(this.entry);
    if (this.statics) {
      // JS string order (UTF-16 code units), as Next's `.sort()`.
      for (const key of [...this.statics.keys()].sort()) (this.statics.get(key) as RouteTrieNode).collect(out);
    }
    const slots = this.dynamic;
    slots?.param?.node.collect(out);
    slots?.catchAll?.node.collect(out);
    slots?.optional?.node.collect(out);
  }

  /**
   * Next's optional-catch-all specificity error: a route at a level that also
   * has `[[...p]]`. Visits the levels in `collect`'s order, so the error is the
   * first one Next's sort would meet. This trie holds the dynamic routes only;
   * a fully static route at a level is looked up in `statics` by the level's
   * path (`path`: the level's URL while it is all static, undefined below a
   * dynamic segment, where no static route can be).
   */
  checkSpecificity(statics: ReadonlyMap<string, RouteEntry>, path: string | undefined): void {
    const slots = this.dynamic;
    if (slots?.optional) {
      const entry = this.entry ?? (path === undefined ? undefined : statics.get(path));
      if (entry) {
        const { page } = entry;
        throw new RouteTreeError(
          'ERR_ROUTE_CONFLICT',
          `You cannot define a route with the same specificity as a optional catch-all route ("${page}" and "${page}[[...${slots.optional.name}]]").`,
          [entry.file, slots.optional.file],
        );
      }
    }
    if (this.statics) {
      for (const key of [...this.statics.keys()].sort()) {
        const below = path === undefined ? undefined : path === '/' ? `/${key}` : `${path}/${key}`;
        (this.statics.get(key) as RouteTrieNode).checkSpecificity(statics, below);
      }
    }
    slots?.param?.node.checkSpecificity(statics, undefined);
    slots?.catchAll?.node.checkSpecificity(statics, undefined);
    slots?.optional?.node.checkSpecificity(statics, undefined);
  }
}

function parseSegment(raw: string): Segment {
  if (raw.startsWith('[[...') && raw.endsWith(']]')) return { kind: 'optional-catch-all', name: raw.slice(5, -2) };
  if (raw.startsWith('[...') && raw.endsWith(']')) return { kind: 'catch-all', name: raw.slice(4, -1) };
  if (raw.startsWith('[') && raw.endsWith(']')) return { kind: 'param', name: raw.slice(1, -1) };
  return { kind: 'static', value: raw };
}

/** `/users/[id]` → `['users', '[id]']`; `/` → `[]`. */
function partsOf(route: string): string[] {
  if (route === '/') return [];
  const parts = route.slice(1).split('/');
  // Scanned routes have no empty part; a hand-written one (testHandler's `route`) may.
  return parts.includes('') ? parts.filter(Boolean) : parts;
}

/** `/api` + `/users` → `/api/users`; the folder's own route is the prefix itself (`/` when there is none). */
function pageName(pagePrefix: string, route: string): string {
  if (route === '/') return pagePrefix || '/';
  return pagePrefix + route;
}

const DUPLICATE = 'Duplicate page detected.';

/** Next only warns and keeps one; serving an arbitrary one of two files is worse than failing. */
function duplicatePage(other: string, file: string, page: string): RouteTreeError {
  return new RouteTreeError('ERR_ROUTE_CONFLICT', `${DUPLICATE} ${other} and ${file} both resolve to ${page}.`, [other, file]);
}

/**
 * The first file whose route an earlier file already has, in scan order. The
 * trie finds duplicates itself as it goes; this is for a tree that also has
 * another error, found first, since the duplicate is the one to report.
 */
function firstDuplicate(files: readonly ScannedFile[], pagePrefix: string): RouteTreeError | undefined {
  const byRoute = new Map<string, string>();
  for (const { route, file } of files) {
    const other = byRoute.get(route);
    if (other !== undefined) return duplicatePage(other, file, pageName(pagePrefix, route));
    byRoute.set(route, file);
  }
  return undefined;
}

/**
 * A route with no dynamic segment: most routes of a big tree, and the ones the
 * matcher only needs by `route` (its static map). What they are made of is
 * worked out when asked for (`routes`, `explain()`, a message), so building a
 * table of 10,000 files does not allocate it 10,000 times.
 */
class StaticRouteEntry implements RouteEntry {
  declare readonly route: string;
  declare readonly file: string;
  private readonly pagePrefix: string;
  private parsed: Segment[] | undefined;

  constructor(route: string, file: string, pagePrefix: string) {
    this.route = route;
    this.file = file;
    this.pagePrefix = pagePrefix;
    this.parsed = undefined;
  }

  get kind(): 'static' {
    return 'static';
  }

  get page(): string {
    return pageName(this.pagePrefix, this.route);
  }

  get segments(): Segment[] {
    this.parsed ??= partsOf(this.route).map((value): Segment => ({ kind: 'static', value }));
    return this.parsed;
  }

  get paramNames(): string[] {
    return [];
  }
}

/** A part that is a dynamic segment (`[id]`, `[...slug]`, `[[...slug]]`); anything else is static. */
const isDynamicPart = (raw: string): boolean => raw.startsWith('[') && raw.endsWith(']');

/** A route with at least one dynamic segment (`parts` has one). */
function dynamicEntry(scanned: ScannedFile, parts: readonly string[], pagePrefix: string): RouteEntry {
  const segments: Segment[] = [];
  const paramNames: string[] = [];
  for (const raw of parts) {
    const segment = parseSegment(raw);
    segments.push(segment);
    if (segment.kind !== 'static') paramNames.push(segment.name);
  }
  const last = segments[segments.length - 1];
  const kind: RouteKind = last.kind === 'catch-all' || last.kind === 'optional-catch-all' ? last.kind : 'dynamic';
  return { route: scanned.route, page: pageName(pagePrefix, scanned.route), file: scanned.file, segments, kind, paramNames };
}

/** Scanned routes are written `/a/b` (or `/`); only a hand-written one needs `partsOf`'s clean-up. */
function isPlainPath(route: string): boolean {
  return route === '/' || (route.startsWith('/') && !route.endsWith('/') && !route.includes('//'));
}

/**
 * The routes of one folder, checked: every build error Next raises for the
 * tree is thrown by `checkRoutes`, before any request. Split for speed on big
 * trees (10,000 files): a fully static route, most of a tree, is one entry in
 * a map by its path, where the matcher finds it in one lookup and a duplicate
 * shows as a second file for one key; only routes with a dynamic segment go
 * into the precedence trie, which is where Next's conflict errors arise. The
 * whole table in Next's order (`sorted()`: `routes`, `explain()`, `ready()`)
 * is worked out on first use, by adding the static routes to the trie.
 */
export class RouteSet implements Iterable<RouteEntry> {
  /** Fully static routes by path (`/users`), in scan order. */
  readonly statics = new Map<string, RouteEntry>();
  /** Routes with a dynamic segment, in scan order. */
  readonly dynamic: RouteEntry[] = [];
  private readonly trie = new RouteTrieNode();
  private order: readonly RouteEntry[] | undefined = undefined;

  /** Adds the scanned files in order; throws Next's first insert-time error, or a duplicate (see `checkRoutes`). */
  add(files: readonly ScannedFile[], pagePrefix: string): void {
    for (const scanned of files) {
      const route = scanned.route;
      // Most routes have no `[` at all: static, and no need to split them.
      const parts = route.includes('[') || !isPlainPath(route) ? partsOf(route) : undefined;
      if (parts === undefined || !parts.some(isDynamicPart)) {
        const path = parts === undefined ? route : parts.length ? `/${parts.join('/')}` : '/';
        const other = this.statics.get(path);
        if (other) throw duplicatePage(other.file, scanned.file, pageName(pagePrefix, route));
        this.statics.set(path, new StaticRouteEntry(route, scanned.file, pagePrefix));
        continue;
      }
      const entry = dynamicEntry(scanned, parts, pagePrefix);
      this.trie.insert(entry, parts, 0, undefined, false);
      this.dynamic.push(entry);
    }
  }

  /** The checks that need the whole tree: the optional-catch-all specificity error. */
  checkWhole(): void {
    // Only a `[[...p]]` route makes a level with an optional slot.
    if (this.dynamic.some((entry) => entry.kind === 'optional-catch-all')) this.trie.checkSpecificity(this.statics, '/');
  }

  get size(): number {
    return this.statics.size + this.dynamic.length;
  }

  /** Every entry, static ones first, without sorting. */
  *[Symbol.iterator](): IterableIterator<RouteEntry> {
    yield* this.statics.values();
    yield* this.dynamic;
  }

  /** Next's precedence order (the same array on every call). Checked already: adding the static routes cannot throw. */
  sorted(): readonly RouteEntry[] {
    if (this.order) return this.order;
    for (const entry of this.statics.values()) this.trie.insert(entry, partsOf(entry.route), 0, undefined, false);
    const out: RouteEntry[] = [];
    this.trie.collect(out);
    this.order = out;
    return out;
  }
}

/**
 * Checks scanned files as Next's build does, throwing Next's errors (with the
 * files involved) for trees Next would refuse to build. `pagePrefix` is the
 * folder's URL in Next's messages: `/api` for a `pages/api` folder, `''` for
 * an App Router `app` folder.
 *
 * Which error, when a tree has several: a duplicate route anywhere first (the
 * first in scan order), then the first insert-time error in scan order (segment
 * names, slug conflicts, catch-all placement), then the first specificity
 * error in Next's order.
 */
export function checkRoutes(files: readonly ScannedFile[], pagePrefix = '/api'): RouteSet {
  const set = new RouteSet();
  try {
    set.add(files, pagePrefix);
  } catch (err) {
    throw (err instanceof RouteTreeError && err.message.startsWith(DUPLICATE) ? err : firstDuplicate(files, pagePrefix)) ?? err;
  }
  set.checkWhole();
  return set;
}

/** `checkRoutes`, as a new array in Next's precedence order. */
export function buildRoutes(files: readonly ScannedFile[], pagePrefix = '/api'): RouteEntry[] {
  return [...checkRoutes(files, pagePrefix).sorted()];
}
