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
 * Throws Next's "Conflicting app and page file" error when a `pages/` file
 * and an `app/` route serve the same page, and otherwise the §4 errors of
 * sorting both trees together (`pages/api/[a].ts` beside `app/api/[b]/route.ts`).
 * Entries carry Next's page names (`/api/x`) in both trees.
 */
export function checkProjectConflicts(pages: readonly RouteEntry[], app: readonly RouteEntry[], projectRoot: string): void {
  const pageFiles = new Map(pages.map((entry) => [entry.page, entry.file]));
  const pairs: Array<[string, string]> = [];
  for (const entry of app) {
    const pageFile = pageFiles.get(entry.page);
    if (pageFile !== undefined) pairs.push([pageFile, entry.file]);
  }
  if (pairs.length) {
    const head = pairs.length === 1
      ? 'Conflicting app and page file was found, please remove the conflicting files to continue:'
      : 'Conflicting app and page files were found, please remove the conflicting files to continue:';
    const lines = pairs.map(([p, a]) => `  "${projectPath(projectRoot, p)}" - "${projectPath(projectRoot, a)}"`);
    throw new RouteTreeError('ERR_ROUTE_CONFLICT', [head, ...lines].join('\n'), pairs.flat());
  }
  // One sort over both trees, as Next's routes manifest does: raises the §4 errors.
  buildRoutes([...pages, ...app].map((entry) => ({ file: entry.file, route: entry.page })), '');
}
