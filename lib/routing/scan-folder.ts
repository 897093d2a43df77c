/**
 * Walks the routes folder once, synchronously, and lists the route files
 * (docs/next-behaviour.md §3). Filesystem only: no parsing of segments, no HTTP.
 *
 * One `readdir` per folder, with file types: no `stat` per entry except for
 * symbolic links, which are followed (10,000 files: ~1,000 system calls, not ~11,000).
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { sep } from 'node:path';
import { RouteTreeError } from '../errors';

export interface ScannedFile {
  /** Absolute path of the file. */
  file: string;
  /** Route path relative to the folder: `/`, `/users`, `/users/[id]` (extension and trailing `/index` stripped). */
  route: string;
}

/** Next skips `*.d.ts` when `ts` is a page extension; we always do (docs/next-behaviour.md §3, Turbopack bug not copied). */
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/** `suffixes`: the page extensions with their dot, longest first, so `hello.api.js` with ['api.js','js'] → `hello`. */
function stripPageExtension(name: string, suffixes: readonly string[]): string | undefined {
  for (const suffix of suffixes) {
    if (name.length > suffix.length && name.endsWith(suffix)) return name.slice(0, -suffix.length);
  }
  return undefined;
}

function readDirectory(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${code ?? String(cause)})`;
    throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${dir} ${why}`, [dir], cause);
  }
}

/** By name in JS string order (UTF-16 code units), so the scan order, and any error naming "the first file", is stable across filesystems. */
const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** What a directory entry is, following a symbolic link; undefined for a dangling one. */
function kindOf(entry: Dirent, full: string): 'directory' | 'file' | 'other' | undefined {
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const stats = statSync(full);
    return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
  } catch {
    return undefined; // a dangling symlink is not a route
  }
}

export function scanRoutes(root: string, pageExtensions: readonly string[]): ScannedFile[] {
  const found: ScannedFile[] = [];
  const suffixes = pageExtensions.map((ext) => `.${ext}`);
  /** `dir` is absolute; `route` is its path below the routes folder in URL form (`''` at the top, `/users`). */
  const walk = (dir: string, route: string): void => {
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    for (const entry of readDirectory(dir).sort(byName)) {
      const name = entry.name;
      if (name === 'node_modules') continue;
      const full = prefix + name;
      const kind = kindOf(entry, full);
      if (kind === 'directory') {
        walk(full, `${route}/${name}`);
        continue;
      }
      if (kind !== 'file' || DECLARATION_FILE.test(name)) continue;
      const stem = stripPageExtension(name, suffixes);
      if (stem === undefined) continue;
      // `index` names its folder: `/index` → `/`, `/users/index` → `/users`.
      found.push({ file: full, route: stem === 'index' ? route || '/' : `${route}/${stem}` });
    }
  };
  const stats = (() => {
    try {
      return statSync(root);
    } catch (cause) {
      throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${root} does not exist`, [root], cause);
    }
  })();
  if (!stats.isDirectory()) throw new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${root} is not a directory`, [root]);
  walk(root, '');
  return found;
}
