/**
 * The route table of one folder: scanned, sorted, checked and compiled in one
 * go, so a watch-mode rebuild either yields a whole new table or an error
 * (and the old table keeps serving). `buildTable` reads a `pages/api` folder,
 * `buildAppTable` an App Router folder (docs/next-behaviour.md §20).
 */
import { compileMatcher, type Matcher } from './matcher';
import type { ResolvedOptions } from '../options';
import { buildRoutes, type RouteEntry, type Segment } from './precedence';
import { scanAppRoutes } from './scan-app-folder';
import { scanRoutes } from './scan-folder';

export interface RouteTable {
  entries: RouteEntry[];
  matcher: Matcher;
  /** Files in the folder that look like Next files but are not routes here (App Router `page.*`, `layout.*`). */
  ignored: string[];
  /** App Router route files not served because another in the same folder is: `[unused, served]`. */
  shadowed: Array<[string, string]>;
}

export function buildTable(root: string, options: Pick<ResolvedOptions, 'pageExtensions'>): RouteTable {
  const entries = buildRoutes(scanRoutes(root, options.pageExtensions));
  return { entries, matcher: compileMatcher(entries), ignored: [], shadowed: [] };
}

export function buildAppTable(root: string, options: Pick<ResolvedOptions, 'pageExtensions'>): RouteTable {
  const scan = scanAppRoutes(root, options.pageExtensions);
  const entries = buildRoutes(scan.routes, scan.pagePrefix);
  return { entries, matcher: compileMatcher(entries), ignored: scan.ignored, shadowed: scan.shadowed };
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
