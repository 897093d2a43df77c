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
import { basename, dirname, join, relative, sep } from 'node:path';
import { checkConflicts, checkSegments, type Found } from './app-build-errors';
import type { ScannedFile } from './scan-folder';
import { walkFolder, type FolderVisitor } from './walk-folder';

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

/** One walk of one folder: what it found so far. */
class AppFolderScan implements FolderVisitor {
  readonly routes: Found[] = [];
  readonly pages: Found[] = [];
  readonly ignored: string[] = [];
  readonly shadowed: Array<[string, string]> = [];
  /** Where in `routes` the route of each folder is, to find a `route.js` beside a `route.ts`. */
  private readonly routeIndexByFolder = new Map<string, number>();

  constructor(
    private readonly rootParts: readonly string[],
    private readonly pageExtensions: readonly string[],
  ) {}

  /** For walkFolder: a folder whose name starts with `_` is private, with everything below it (§20). */
  enterFolder(name: string): boolean {
    return !name.startsWith('_');
  }

  file(dir: string, name: string, parts: readonly string[]): void {
    const role = fileRole(name, this.pageExtensions);
    if (role === undefined) return;
    const found: Found = {
      file: join(dir, name),
      url: urlOf(parts),
      display: `/${[...this.rootParts, ...parts, name.slice(0, name.indexOf('.'))].join('/')}`,
    };
    if (role === 'route') return this.route(dir, found);
    this.ignored.push(found.file);
    if (role === 'page') this.pages.push(found);
  }

  /** `route.ts` beside `route.js`: the extension that comes last in pageExtensions is served (Next serves route.js). */
  private route(dir: string, found: Found): void {
    const sibling = this.routeIndexByFolder.get(dir);
    if (sibling === undefined) {
      this.routeIndexByFolder.set(dir, this.routes.length);
      this.routes.push(found);
      return;
    }
    const rank = (file: string): number => this.pageExtensions.indexOf(basename(file).slice('route.'.length));
    const other = this.routes[sibling];
    if (rank(found.file) > rank(other.file)) {
      this.shadowed.push([other.file, found.file]);
      this.routes[sibling] = found;
    } else {
      this.shadowed.push([found.file, other.file]);
    }
  }
}

/** The folders from the app root down to `root` (`['api']` for `app/api`). */
function partsBelowAppRoot(root: string): string[] {
  return relative(appRootOf(root), root).split(sep).filter(Boolean);
}

/**
 * The URL an App Router folder has inside its Next app, groups dropped:
 * `/api` for `app/api` or `app/(v1)/api`, `''` for `app` itself.
 */
export function appFolderUrl(root: string): string {
  const parts = partsBelowAppRoot(root);
  return parts.length ? urlOf(parts) : '';
}

export function scanAppRoutes(root: string, pageExtensions: readonly string[]): AppScan {
  const rootParts = partsBelowAppRoot(root);
  const pagePrefix = appFolderUrl(root);
  const scan = new AppFolderScan(rootParts, pageExtensions);
  walkFolder(root, scan);
  checkConflicts(scan.routes, scan.pages, pagePrefix);
  checkSegments(scan.routes, pagePrefix);
  return {
    routes: scan.routes.map(({ file, url }) => ({ file, route: url })),
    ignored: scan.ignored,
    shadowed: scan.shadowed,
    pagePrefix,
  };
}
