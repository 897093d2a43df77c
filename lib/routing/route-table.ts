/**
 * The route table of one folder: scanned, sorted, checked and compiled in one
 * go, so a watch-mode rebuild either yields a whole new table or an error
 * (and the old table keeps serving).
 */
import { compileMatcher, type Matcher } from './matcher';
import type { ResolvedOptions } from '../options';
import { buildRoutes, type RouteEntry, type Segment } from './precedence';
import { scanRoutes } from './scan-folder';

export interface RouteTable {
  entries: RouteEntry[];
  matcher: Matcher;
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
