/**
 * The route table of one folder: scanned, sorted, checked and compiled in one
 * go, so a watch-mode rebuild either yields a whole new table or an error
 * (and the old table keeps serving).
 */
import type { RouteConfig } from '../config';
import { compileMatcher, type Matcher } from './matcher';
import type { ResolvedOptions } from '../options';
import { buildRoutes, type RouteEntry, type RouteKind, type Segment } from './precedence';
import { scanRoutes } from './scan-folder';

export interface RouteTable {
  entries: RouteEntry[];
  matcher: Matcher;
}

/** One row of `middleware.routes`. */
export interface RouteInfo {
  /** Relative to the folder, in Next's bracket syntax: `/users/[id]`. */
  route: string;
  /** Next's page name: `/api/users/[id]`. */
  page: string;
  /** The regular expression Next would build for the route (relative to the mount), for display. */
  pattern: string;
  /** Absolute path of the file. */
  file: string;
  kind: RouteKind;
  paramNames: string[];
  /** The file's effective `config`, once the file has been loaded. */
  config: RouteConfig | undefined;
}

export function buildTable(root: string, options: Pick<ResolvedOptions, 'pageExtensions'>): RouteTable {
  const entries = buildRoutes(scanRoutes(root, options.pageExtensions));
  return { entries, matcher: compileMatcher(entries) };
}

const escapeRegExp = (text: string): string => text.replace(/[|\\{}()[\]^$+*?.-]/g, '\\$&');

function segmentPattern(segment: Segment): string {
  switch (segment.kind) {
    case 'static':
      return `/${escapeRegExp(segment.value)}`;
    case 'param':
      return '/([^/]+?)';
    case 'catch-all':
      return '/(.+?)';
    case 'optional-catch-all':
      return '(?:/(.+?))?';
  }
}

/** Next's route regex (`route-regex.ts`), shown to people; matching never uses it. */
export function patternOf(entry: RouteEntry): string {
  const body = entry.segments.map(segmentPattern).join('');
  return entry.segments.length === 0 ? '^/(?:/)?$' : `^${body}(?:/)?$`;
}
