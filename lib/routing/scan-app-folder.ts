/**
 * Walks an App Router folder once, synchronously, and lists its route
 * handlers (docs/next-behaviour.md §20). Filesystem and folder-name rules
 * only: no HTTP, no handler modules.
 *
 * - A route is a file whose name, split at its first dot, is `route` plus
 *   one of the page extensions (`route.ts`; not `route.test.ts`).
 * - `(group)` and `@slot` folders add no URL segment; a folder whose name
 *   starts with `_` is private and skipped with everything below it; `%5F`
 *   in a folder name stands for a literal `_`.
 * - Next's build errors for one URL served twice (two routes through groups,
 *   a route beside a page) are thrown here, naming both files.
 * - `page.*` and `layout.*` files are not routes; they are reported back so
 *   the caller can warn once.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { RouteTreeError } from '../errors';
import type { ScannedFile } from './scan-folder';

export interface AppScan {
  /** Route handlers; `route` is the URL path relative to the folder (`/users/[id]`). */
  routes: ScannedFile[];
  /** `page.*` and `layout.*` files found in the tree (not routes here). */
  ignored: string[];
  /**
   * The folder's own URL inside the Next app, groups removed: `/api` for
   * `app/api`, `''` for `app` itself. Prefixes Next's page names in messages.
   */
  pagePrefix: string;
}

/** What a file is to the App Router: a route handler, a page or layout, or nothing. */
type FileRole = 'route' | 'page' | 'layout' | undefined;

function fileRole(name: string, pageExtensions: readonly string[]): FileRole {
  const dot = name.indexOf('.');
  if (dot === -1) return undefined;
  const stem = name.slice(0, dot);
  if (stem !== 'route' && stem !== 'page' && stem !== 'layout') return undefined;
  return pageExtensions.includes(name.slice(dot + 1)) ? stem : undefined;
}

/** `(marketing)` and `@modal` folders group files without adding a URL segment. */
function isTransparent(folder: string): boolean {
  return (folder.startsWith('(') && folder.endsWith(')')) || folder.startsWith('@');
}

/** The URL segment of a folder: `%5F` (exactly, upper-case F) is a literal `_` (docs/next-behaviour.md §20). */
function urlSegment(folder: string): string {
  return folder.includes('%5F') ? folder.split('%5F').join('_') : folder;
}

function readFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${code ?? String(cause)})`;
    throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${dir} ${why}`, [dir], cause);
  }
}

/**
 * The folder's position inside its Next app: the path below the nearest
 * folder named `app` (itself included), groups dropped. Outside an `app`
 * folder, the folder is the app's root.
 */
function appRootOf(root: string): string {
  for (let dir = root; ; dir = dirname(dir)) {
    if (basename(dir) === 'app') return dir;
    if (dirname(dir) === dir) return root;
  }
}

function urlOf(parts: readonly string[]): string {
  const url = parts.filter((p) => !isTransparent(p)).map(urlSegment).join('/');
  return `/${url}`;
}

interface Found {
  file: string;
  /** URL relative to the scanned folder. */
  url: string;
  /** Path relative to the app root, without extension, as Next prints it: `/(a)/api/x/route`. */
  display: string;
}

export function scanAppRoutes(root: string, pageExtensions: readonly string[]): AppScan {
  let stats;
  try {
    stats = statSync(root);
  } catch (cause) {
    throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${root} does not exist`, [root], cause);
  }
  if (!stats.isDirectory()) throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${root} is not a directory`, [root]);

  const appRoot = appRootOf(root);
  const rootParts = relative(appRoot, root).split(sep).filter(Boolean);
  const pagePrefix = rootParts.length ? urlOf(rootParts) : '';
  const routes: Found[] = [];
  const pages: Found[] = [];
  const ignored: string[] = [];

  const walk = (dir: string, parts: string[]): void => {
    // Sorted: groups are met in name order, which decides who is named first in a conflict (§20).
    for (const name of readFolder(dir).sort()) {
      const full = join(dir, name);
      let entry;
      try {
        entry = statSync(full);
      } catch {
        continue; // a dangling symlink is not a route
      }
      if (entry.isDirectory()) {
        if (name.startsWith('_') || name === 'node_modules') continue; // private folders (§20)
        walk(full, [...parts, name]);
        continue;
      }
      if (!entry.isFile()) continue;
      const role = fileRole(name, pageExtensions);
      if (role === undefined) continue;
      const found: Found = {
        file: full,
        url: urlOf(parts),
        display: `/${[...rootParts, ...parts, name.slice(0, name.indexOf('.'))].join('/')}`,
      };
      if (role === 'route') routes.push(found);
      else {
        ignored.push(full);
        if (role === 'page') pages.push(found);
      }
    }
  };
  walk(root, []);

  checkConflicts(routes, pages, pagePrefix);
  return {
    routes: routes.map(({ file, url }) => ({ file, route: url })),
    ignored,
    pagePrefix,
  };
}

/** The URL Next's messages print: the folder's own prefix plus the route's URL. */
function pageUrl(prefix: string, url: string): string {
  return url === '/' ? prefix || '/' : prefix + url;
}

/** Next's build errors for one URL served twice (docs/next-behaviour.md §20 "Build errors for app routes"). */
function checkConflicts(routes: readonly Found[], pages: readonly Found[], prefix: string): void {
  const byUrl = new Map<string, Found>();
  for (const route of routes) {
    const other = byUrl.get(route.url);
    if (other) {
      // Turbopack names the route it found second first.
      throw new RouteTreeError(
        'ERR_ROUTE_CONFLICT',
        `Conflicting routes at ${pageUrl(prefix, route.url)}: route at ${route.display} and route at ${other.display}`,
        [route.file, other.file],
      );
    }
    byUrl.set(route.url, route);
  }
  for (const page of pages) {
    const route = byUrl.get(page.url);
    if (route) {
      throw new RouteTreeError(
        'ERR_ROUTE_CONFLICT',
        `Conflicting route and page at ${pageUrl(prefix, page.url)}: route at ${route.display} and page at ${page.display}`,
        [route.file, page.file],
      );
    }
  }
}
