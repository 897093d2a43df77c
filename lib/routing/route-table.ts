/**
 * The route table of one folder: scanned, sorted, checked and compiled in one
 * go, so a watch-mode rebuild either yields a whole new table or an error
 * (and the old table keeps serving). `buildTable` reads a `pages/api` folder,
 * `buildAppTable` an App Router folder (docs/next-behaviour.md §20).
 */
import { compileRouteSet, type Matcher } from './matcher';
import type { ResolvedOptions } from '../options';
import { checkRoutes, type RouteEntry, type RouteSet, type Segment } from './precedence';
import { scanAppRoutes } from './scan-app-folder';
import { scanRoutes } from './scan-folder';

export interface RouteTable {
  /** Every route in Next's precedence order (a folder's table sorts on first use: `routes`, `explain()`, `ready()`). */
  readonly entries: readonly RouteEntry[];
  /** Every route in no set order, without sorting: for checks at start-up. */
  readonly unordered: Iterable<RouteEntry>;
  readonly size: number;
  matcher: Matcher;
  /** Files in the folder that look like Next files but are not routes here (App Router `page.*`, `layout.*`). */
  ignored: string[];
  /** App Router route files not served because another in the same folder is: `[unused, served]`. */
  shadowed: Array<[string, string]>;
}

/** A checked folder's table: matched at once, sorted when first asked. */
function tableOf(set: RouteSet, ignored: string[], shadowed: Array<[string, string]>): RouteTable {
  return {
    get entries() {
      return set.sorted();
    },
    unordered: set,
    size: set.size,
    matcher: compileRouteSet(set),
    ignored,
    shadowed,
  };
}

export function buildTable(root: string, options: Pick<ResolvedOptions, 'pageExtensions'>): RouteTable {
  return tableOf(checkRoutes(scanRoutes(root, options.pageExtensions)), [], []);
}

export function buildAppTable(root: string, options: Pick<ResolvedOptions, 'pageExtensions'>): RouteTable {
  const scan = scanAppRoutes(root, options.pageExtensions);
  return tableOf(checkRoutes(scan.routes, scan.pagePrefix), scan.ignored, scan.shadowed);
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
