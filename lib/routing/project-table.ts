/**
 * One route table for a whole project: the `pages/api` table and the App
 * Router table merged, checked as `next build` checks them together
 * (project-conflicts.ts), and matched in Next's one order — a static URL of
 * either tree before any dynamic one, dynamic routes sorted across both — as
 * Next's route matcher manager sorts the matchers of every router together.
 * Pure: tables in, a table out.
 */
import { compileMatcher } from './matcher';
import type { RouteEntry } from './precedence';
import { checkProjectConflicts } from './project-conflicts';
import type { RouteTable } from './route-table';

export type Router = 'pages' | 'app';

export interface ProjectTable extends RouteTable {
  /** Which tree a merged entry comes from. */
  routerOf: ReadonlyMap<RouteEntry, Router>;
}

const EMPTY: RouteTable = { entries: [], unordered: [], size: 0, matcher: compileMatcher([]), ignored: [], shadowed: [] };

/**
 * Entries of the merged table carry Next's page name as their `route` (URLs
 * relative to the project's root), and the `file` of the tree's own entry.
 */
export function buildProjectTable(pages: RouteTable | undefined, app: RouteTable | undefined, projectRoot: string): ProjectTable {
  const pagesEntries = (pages ?? EMPTY).entries;
  const appEntries = (app ?? EMPTY).entries;
  const entries = checkProjectConflicts(pagesEntries, appEntries, projectRoot);
  const appFiles = new Set(appEntries.map((entry) => entry.file));
  const routerOf = new Map<RouteEntry, Router>(entries.map((entry) => [entry, appFiles.has(entry.file) ? 'app' : 'pages']));
  return {
    entries,
    unordered: entries,
    size: entries.length,
    matcher: compileMatcher(entries),
    ignored: app?.ignored ?? [],
    shadowed: app?.shadowed ?? [],
    routerOf,
  };
}
