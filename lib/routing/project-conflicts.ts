/**
 * A whole Next project served at once (`pages/api` and `app` together): the
 * checks `next build` makes across the two trees (docs/next-behaviour.md §20
 * "Build errors for app routes"). Pure: route entries in, an error or nothing out.
 */
import { relative, sep } from 'node:path';
import { RouteTreeError } from '../errors';
import { buildRoutes, type RouteEntry } from './precedence';

function projectPath(projectRoot: string, file: string): string {
  return relative(projectRoot, file).split(sep).join('/');
}

/**
 * Throws Next's error when a `pages/` file and an `app/` route serve the same
 * page — Turbopack's `App Router and Pages Router both match path` (what
 * `next build` 16.4.6 prints, observed.md §15), followed by webpack's
 * "Conflicting app and page file" list naming the files — and otherwise the
 * §4 errors of sorting both trees together (`pages/api/[a].ts` beside
 * `app/api/[b]/route.ts`). Entries carry Next's page names (`/api/x`) in both trees.
 * Returns both trees as one table in Next's order, each entry's `route` its page name.
 */
export function checkProjectConflicts(pages: readonly RouteEntry[], app: readonly RouteEntry[], projectRoot: string): RouteEntry[] {
  const pageFiles = new Map(pages.map((entry) => [entry.page, entry.file]));
  const pairs: Array<[string, string, string]> = [];
  for (const entry of app) {
    const pageFile = pageFiles.get(entry.page);
    if (pageFile !== undefined) pairs.push([entry.page, pageFile, entry.file]);
  }
  if (pairs.length) {
    const head = pairs.length === 1
      ? 'Conflicting app and page file was found, please remove the conflicting files to continue:'
      : 'Conflicting app and page files were found, please remove the conflicting files to continue:';
    const lines = pairs.map(([, p, a]) => `  "${projectPath(projectRoot, p)}" - "${projectPath(projectRoot, a)}"`);
    const message = [
      `App Router and Pages Router both match path: ${pairs[0][0]}`,
      'Next.js does not support having both App Router and Pages Router routes matching the same path. Please remove one of the conflicting routes.',
      head,
      ...lines,
    ].join('\n');
    throw new RouteTreeError('ERR_ROUTE_CONFLICT', message, pairs.flatMap(([, p, a]) => [p, a]));
  }
  // One sort over both trees, as Next's routes manifest does: raises the §4 errors.
  return buildRoutes([...pages, ...app].map((entry) => ({ file: entry.file, route: entry.page })), '');
}
