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
 *   a route beside a page, `[id]` beside `[slug]`) and for misplaced or
 *   repeated dynamic segments are thrown here with Next 16's texts, naming the files.
 * - `route.ts` beside `route.js` in one folder builds in Next, which serves
 *   `route.js`: here the file whose extension comes last in `pageExtensions`
 *   is served, and the other is reported (`shadowed`) for a warning.
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
  /** Route files not served because another `route.<ext>` in the same folder is (`[unused, served]`). */
  shadowed: Array<[string, string]>;
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

/** A directory's identity, the same whatever path (or symlink) leads to it. */
const identity = (stats: { dev: number; ino: number }): string => `${stats.dev}:${stats.ino}`;

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
  const shadowed: Array<[string, string]> = [];
  /** The extension rank of each folder's route file, to pick one of route.ts and route.js. */
  const rank = (file: string): number => pageExtensions.indexOf(basename(file).slice('route.'.length));

  /** The folders being walked, root down to the current one, by identity: a symlink back to one is a cycle. */
  const ancestors = new Map<string, string>();
  const walk = (dir: string, id: string, parts: string[]): void => {
    ancestors.set(id, dir);
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
        const childId = identity(entry);
        const loop = ancestors.get(childId);
        if (loop !== undefined) {
          throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${root} has a symlink cycle: ${full} leads back to ${loop}`, [full]);
        }
        walk(full, childId, [...parts, name]);
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
      if (role === 'route') {
        const sibling = routes.findIndex((r) => dirname(r.file) === dir);
        if (sibling === -1) routes.push(found);
        else if (rank(full) > rank(routes[sibling].file)) {
          shadowed.push([routes[sibling].file, full]);
          routes[sibling] = found;
        } else shadowed.push([full, routes[sibling].file]);
      } else {
        ignored.push(full);
        if (role === 'page') pages.push(found);
      }
    }
    ancestors.delete(id);
  };
  walk(root, identity(stats), []);

  checkConflicts(routes, pages, pagePrefix);
  checkSegments(routes, pagePrefix);
  return {
    routes: routes.map(({ file, url }) => ({ file, route: url })),
    ignored,
    shadowed,
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

/** `[id]` → `[*]`, `[...rest]` → `[...*]`, `[[...slug]]` → `[[...*]]`: what a URL can tell apart. */
function shapeOf(url: string): string {
  return url.replace(/\[\[\.\.\.[^\]]+\]\]/g, '[[...*]]').replace(/\[\.\.\.[^\]]+\]/g, '[...*]').replace(/\[[^\].]+\]/g, '[*]');
}

/**
 * Next 16's app route checks on dynamic segments (docs/next-behaviour.md §20,
 * conformance/app-router/observed.md §15): a catch-all that is not last, a
 * slug name used twice in one path, and routes a URL cannot tell apart.
 */
function checkSegments(routes: readonly Found[], prefix: string): void {
  const byShape = new Map<string, Found[]>();
  for (const route of routes) {
    const page = pageUrl(prefix, route.url);
    const parts = route.url.split('/').filter(Boolean);
    const names = new Set<string>();
    parts.forEach((part, i) => {
      const dynamic = /^\[(\[)?(\.\.\.)?([^\]]+)\]?\]$/.exec(part);
      if (!dynamic) return;
      const [, optional, catchAll, name] = dynamic;
      if (catchAll && i < parts.length - 1) {
        throw new RouteTreeError('ERR_INVALID_SEGMENT', `${optional ? 'Optional catch-all' : 'Catch-all'} must be the last part of the URL in route "${page}".`, [route.file]);
      }
      if (names.has(name)) {
        throw new RouteTreeError('ERR_INVALID_SEGMENT', `You cannot have the same slug name "${name}" repeat within a single dynamic path in route "${page}".`, [route.file]);
      }
      names.add(name);
    });
    const shape = shapeOf(page);
    byShape.set(shape, [...(byShape.get(shape) ?? []), route]);
  }
  for (const [shape, same] of byShape) {
    if (same.length < 2) continue;
    const list = same.map((r) => `  - ${pageUrl(prefix, r.url)}`).join('\n');
    throw new RouteTreeError(
      'ERR_ROUTE_CONFLICT',
      `Ambiguous app routes detected:\nAmbiguous route pattern "${shape}" matches multiple routes:\n${list}\n` +
        'These routes cannot be distinguished from each other when matching URLs. Please ensure that dynamic segments have unique patterns or use different static segments.',
      same.map((r) => r.file),
    );
  }
}
