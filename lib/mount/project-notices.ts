/**
 * Start-up notices about the folder a mount was given, for mistakes Next
 * would have caught or that would otherwise go unnoticed: project files this
 * package does not apply (middleware, next.config), and a folder of the other
 * router's kind (`apiRoutes()` on an App Router folder, `appRoutes()` on a
 * `pages/api` folder).
 */
import { basename, relative } from 'node:path';
import { RouteTreeError } from '../errors';
import { pageExtensionsInConfig } from '../routing/next-config-page-extensions';
import { projectRootOf, unappliedFiles } from '../routing/project-files';
import type { RouteTable } from '../routing/route-table';
import { scanRoutes } from '../routing/scan-folder';
import type { Logger } from '../types';

/**
 * The one setting of next.config that changes which files are routes: said
 * apart when it differs from the mount's, with the option that applies it.
 */
function warnPageExtensions(projectRoot: string, pageExtensions: readonly string[], given: boolean, logger: Logger, shown: (file: string) => string): void {
  const found = pageExtensionsInConfig(projectRoot);
  if (found.kind === 'absent') return;
  if (found.kind === 'unreadable') {
    // A list the caller chose is the answer to this warning: nothing to compare it with.
    if (given) return;
    logger.warn(
      `next-api-express: ${shown(found.file)} sets pageExtensions by code, which is not run here: routes are the files ending in ${pageExtensions.join(', ')}. ` +
        'Pass the same list as the pageExtensions option (CLI: --page-extensions).',
    );
    return;
  }
  if (found.extensions.join('\0') === pageExtensions.join('\0')) return;
  logger.warn(
    `next-api-express: ${shown(found.file)} sets pageExtensions ${JSON.stringify(found.extensions)}, but routes here are the files ending in ${pageExtensions.join(', ')}: ` +
      `URLs differ from next start's. Pass { pageExtensions: ${JSON.stringify(found.extensions)} } (CLI: --page-extensions ${found.extensions.join(',')}).`,
  );
}

/** Warns once per start about the project's middleware and next.config, which are not run here. */
export function warnUnappliedProjectFiles(projectRoot: string | undefined, pageExtensions: readonly string[], pageExtensionsGiven: boolean, logger: Logger): void {
  if (projectRoot === undefined) return;
  const { middleware, config } = unappliedFiles(projectRoot);
  const shown = (file: string): string => relative(process.cwd(), file) || file;
  for (const file of middleware) {
    logger.warn(
      `next-api-express: ${shown(file)} is NOT run. next start runs it before every matching route (authentication, redirects, headers); ` +
        'here requests reach the routes without it. Move what it does into middleware of your server mounted before the routes, then delete the file.',
    );
  }
  for (const file of config) {
    logger.warn(
      `next-api-express: ${shown(file)} is not run: its basePath, rewrites, redirects, headers and env do not apply here. ` +
        'Use the basePath option or the mount path, and set the rest on your server.',
    );
  }
  if (config.length > 0) warnPageExtensions(projectRoot, pageExtensions, pageExtensionsGiven, logger, shown);
}

/** The project a routes folder belongs to, for `warnUnappliedProjectFiles`. */
export { projectRootOf };

const isRouteFile = (file: string): boolean => /^route\.[^.]+$/.test(basename(file));

/** A pages/api-style scan of `root` in which every file is an App Router `route.<ext>`. */
function looksLikeAppFolder(root: string, pageExtensions: readonly string[]): boolean {
  try {
    const files = scanRoutes(root, pageExtensions);
    return files.length > 0 && files.every((f) => isRouteFile(f.file));
  } catch {
    return false;
  }
}

const APP_HINT = 'every file in it is named route.<ext>: it looks like an App Router folder, which appRoutes() serves (apiRoutes() serves pages/api).';

/**
 * `build()` for `apiRoutes(root)`, with a hint added to a route-tree error
 * when the folder is an App Router one (its `[...slug]/route.ts` trips Next's
 * "Catch-all must be the last part" rule for pages).
 */
export function withAppFolderHint<T>(root: string, pageExtensions: readonly string[], build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (!(err instanceof RouteTreeError) || err.code === 'ERR_ROUTES_FOLDER' || !looksLikeAppFolder(root, pageExtensions)) throw err;
    throw new RouteTreeError(err.code, `${err.message.split('\n  files:')[0]}\n  (apiRoutes(${root}): ${APP_HINT})`, err.files, err.cause);
  }
}

/** A folder of the other router's kind: served, but almost certainly not as meant. */
export function warnIfOtherRouter(call: 'apiRoutes' | 'appRoutes', root: string, table: RouteTable, pageExtensions: readonly string[], logger: Logger): void {
  if (call === 'apiRoutes') {
    // The unsorted table: this check must not sort a big one at start-up.
    if (table.size === 0) return;
    for (const entry of table.unordered) if (!isRouteFile(entry.file)) return;
    logger.warn(`next-api-express: apiRoutes(${root}): ${APP_HINT}`);
    return;
  }
  if (table.size > 0) return;
  let files = 0;
  try {
    files = scanRoutes(root, pageExtensions).length;
  } catch {
    return;
  }
  if (files > 0) {
    logger.warn(
      `next-api-express: appRoutes(${root}) found no route.<ext> file but ${files} other source file${files > 1 ? 's' : ''}: ` +
        'if it is a pages/api folder, apiRoutes() serves it.',
    );
  }
}
