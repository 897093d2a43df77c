/**
 * Walks the routes folder once, synchronously, and lists the route files
 * (docs/next-behaviour.md §3). Filesystem only: no parsing of segments, no HTTP.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RouteTreeError } from '../errors';

export interface ScannedFile {
  /** Absolute path of the file. */
  file: string;
  /** Route path relative to the folder: `/`, `/users`, `/users/[id]` (extension and trailing `/index` stripped). */
  route: string;
}

/** Next skips `*.d.ts` when `ts` is a page extension; we always do (docs/next-behaviour.md §3, Turbopack bug not copied). */
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

function stripPageExtension(name: string, pageExtensions: readonly string[]): string | undefined {
  // pageExtensions is sorted longest first, so `hello.api.js` with ['api.js','js'] → `hello`.
  for (const ext of pageExtensions) {
    const suffix = `.${ext}`;
    if (name.length > suffix.length && name.endsWith(suffix)) return name.slice(0, -suffix.length);
  }
  return undefined;
}

function toRoute(relativePath: string): string {
  const posix = '/' + relativePath.split(sep).join('/');
  if (posix === '/index') return '/';
  return posix.endsWith('/index') ? posix.slice(0, -'/index'.length) : posix;
}

function readDirectory(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${code ?? String(cause)})`;
    throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${dir} ${why}`, [dir], cause);
  }
}

/** A directory's identity, the same whatever path (or symlink) leads to it. */
const identity = (stats: { dev: number; ino: number }): string => `${stats.dev}:${stats.ino}`;

/**
 * Lists the route files under `root`. Symlinks are followed, to files and to
 * folders; one that leads back to a folder it sits in (a cycle) is an error
 * naming the link: followed, it would repeat every route below it once per
 * turn until the OS refuses the path, dozens of copies deep.
 */
export function scanRoutes(root: string, pageExtensions: readonly string[]): ScannedFile[] {
  const found: ScannedFile[] = [];
  /** The folders being walked, from the root down to the current one: identity → path. */
  const ancestors = new Map<string, string>();
  const walk = (dir: string, id: string): void => {
    ancestors.set(id, dir);
    // Sorted so the scan order (and any error naming "the first file") is stable across filesystems.
    for (const name of readDirectory(dir).sort()) {
      if (name === 'node_modules') continue;
      const full = join(dir, name);
      let stats;
      try {
        stats = statSync(full);
      } catch {
        continue; // a dangling symlink is not a route
      }
      if (stats.isDirectory()) {
        const childId = identity(stats);
        const loop = ancestors.get(childId);
        if (loop !== undefined) {
          throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${root} has a symlink cycle: ${full} leads back to ${loop}`, [full]);
        }
        walk(full, childId);
        continue;
      }
      if (!stats.isFile() || DECLARATION_FILE.test(name)) continue;
      const stem = stripPageExtension(name, pageExtensions);
      if (stem === undefined) continue;
      found.push({ file: full, route: toRoute(relative(root, join(dir, stem))) });
    }
    ancestors.delete(id);
  };
  const stats = (() => {
    try {
      return statSync(root);
    } catch (cause) {
      throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${root} does not exist`, [root], cause);
    }
  })();
  if (!stats.isDirectory()) throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${root} is not a directory`, [root]);
  walk(root, identity(stats));
  return found;
}
