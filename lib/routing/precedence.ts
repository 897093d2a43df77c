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
  route: string;
  /** Next's page name (`/api` + route), as Next's messages print it. */
  page: string;
  file: string;
  segments: Segment[];
  kind: RouteKind;
  paramNames: string[];
}

const PARAM_KEY = '[]';
const CATCH_ALL_KEY = '[...]';
const OPTIONAL_KEY = '[[...]]';

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

class RouteTrieNode {
  entry: RouteEntry | undefined;
  readonly children = new Map<string, RouteTrieNode>();
  /** A file below each dynamic child, to name in conflict errors. */
  readonly firstFile = new Map<string, string>();
  paramName: string | null = null;
  catchAllName: string | null = null;
  optionalName: string | null = null;

  insert(entry: RouteEntry, parts: string[], slugNames: string[], afterCatchAll: boolean): void {
    if (parts.length === 0) {
      this.entry = entry;
      return;
    }
    if (afterCatchAll) throw new RouteTreeError('ERR_INVALID_SEGMENT', 'Catch-all must be the last part of the URL.', [entry.file]);
    const raw = parts[0];
    const dynamic = raw.startsWith('[') && raw.endsWith(']') ? parseDynamicSegment(raw, entry.file) : undefined;
    const key = dynamic ? this.claim(dynamic, raw, slugNames, entry.file) : raw;
    let child = this.children.get(key);
    if (!child) {
      child = new RouteTrieNode();
      this.children.set(key, child);
      this.firstFile.set(key, entry.file);
    }
    child.insert(entry, parts.slice(1), slugNames, dynamic?.catchAll ?? false);
  }

  /**
   * Takes this level's `[param]`, `[...catchAll]` or `[[...optional]]` slot
   * for `segment`, with Next's conflict errors; returns the child key.
   */
  private claim(segment: DynamicSegment, raw: string, slugNames: string[], file: string): string {
    const { name, optional, catchAll } = segment;
    const files = (key: string): string[] => [file, ...(this.firstFile.has(key) ? [this.firstFile.get(key) as string] : [])];
    const checkSlug = (previous: string | null, childKey: string): void => {
      if (previous !== null && previous !== name) {
        throw new RouteTreeError('ERR_ROUTE_CONFLICT', `You cannot use different slug names for the same dynamic path ('${previous}' !== '${name}').`, files(childKey));
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
    if (catchAll && optional) {
      if (this.catchAllName !== null) {
        throw new RouteTreeError('ERR_ROUTE_CONFLICT', `You cannot use both an required and optional catch-all route at the same level ("[...${this.catchAllName}]" and "${raw}" ).`, files(CATCH_ALL_KEY));
      }
      checkSlug(this.optionalName, OPTIONAL_KEY);
      this.optionalName = name;
      return OPTIONAL_KEY;
    }
    if (catchAll) {
      if (this.optionalName !== null) {
        throw new RouteTreeError('ERR_ROUTE_CONFLICT', `You cannot use both an optional and required catch-all route at the same level ("[[...${this.optionalName}]]" and "${raw}").`, files(OPTIONAL_KEY));
      }
      checkSlug(this.catchAllName, CATCH_ALL_KEY);
      this.catchAllName = name;
      return CATCH_ALL_KEY;
    }
    if (optional) throw new RouteTreeError('ERR_INVALID_SEGMENT', `Optional route parameters are not yet supported ("${raw}").`, [file]);
    checkSlug(this.paramName, PARAM_KEY);
    this.paramName = name;
    return PARAM_KEY;
  }

  /** Depth-first, in Next's order; also raises the optional-catch-all specificity error. */
  collect(prefix: string, out: RouteEntry[]): void {
    if (this.entry) {
      if (this.optionalName !== null) {
        const page = prefix === '/' ? '/' : prefix.slice(0, -1);
        throw new RouteTreeError(
          'ERR_ROUTE_CONFLICT',
          `You cannot define a route with the same specificity as a optional catch-all route ("${page}" and "${page}[[...${this.optionalName}]]").`,
          [this.entry.file, this.firstFile.get(OPTIONAL_KEY) as string],
        );
      }
      out.push(this.entry);
    }
    const statics = [...this.children.keys()].filter((k) => k !== PARAM_KEY && k !== CATCH_ALL_KEY && k !== OPTIONAL_KEY).sort();
    for (const key of statics) this.children.get(key)?.collect(`${prefix}${key}/`, out);
    if (this.paramName !== null) this.children.get(PARAM_KEY)?.collect(`${prefix}[${this.paramName}]/`, out);
    if (this.catchAllName !== null) this.children.get(CATCH_ALL_KEY)?.collect(`${prefix}[...${this.catchAllName}]/`, out);
    if (this.optionalName !== null) this.children.get(OPTIONAL_KEY)?.collect(`${prefix}[[...${this.optionalName}]]/`, out);
  }
}

function parseSegment(raw: string): Segment {
  if (raw.startsWith('[[...') && raw.endsWith(']]')) return { kind: 'optional-catch-all', name: raw.slice(5, -2) };
  if (raw.startsWith('[...') && raw.endsWith(']')) return { kind: 'catch-all', name: raw.slice(4, -1) };
  if (raw.startsWith('[') && raw.endsWith(']')) return { kind: 'param', name: raw.slice(1, -1) };
  return { kind: 'static', value: raw };
}

function toEntry(scanned: ScannedFile): RouteEntry {
  const segments = scanned.route.split('/').filter(Boolean).map(parseSegment);
  const last = segments[segments.length - 1];
  const kind: RouteKind = !segments.some((s) => s.kind !== 'static')
    ? 'static'
    : last.kind === 'catch-all' || last.kind === 'optional-catch-all'
      ? last.kind
      : 'dynamic';
  return {
    route: scanned.route,
    page: scanned.route === '/' ? '/api' : `/api${scanned.route}`,
    file: scanned.file,
    segments,
    kind,
    paramNames: segments.flatMap((s) => (s.kind === 'static' ? [] : [s.name])),
  };
}

/**
 * Turns scanned files into route entries sorted by Next's precedence, throwing
 * Next's errors (with the files involved) for trees Next would refuse to build.
 */
export function buildRoutes(files: readonly ScannedFile[]): RouteEntry[] {
  const byRoute = new Map<string, string>();
  for (const { route, file } of files) {
    const other = byRoute.get(route);
    // Next only warns and keeps one; serving an arbitrary one of two files is worse than failing.
    if (other !== undefined) {
      throw new RouteTreeError('ERR_ROUTE_CONFLICT', `Duplicate page detected. ${other} and ${file} both resolve to ${route === '/' ? '/api' : `/api${route}`}.`, [other, file]);
    }
    byRoute.set(route, file);
  }
  const root = new RouteTrieNode();
  const entries = files.map(toEntry);
  for (const entry of entries) {
    root.insert(entry, entry.route.split('/').filter(Boolean), [], false);
  }
  const sorted: RouteEntry[] = [];
  root.collect('/api/', sorted);
  return sorted;
}
