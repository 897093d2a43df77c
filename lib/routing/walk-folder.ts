/**
 * One synchronous walk of a routes folder, shared by the `pages/api` scan
 * (scan-folder.ts) and the App Router scan (scan-app-folder.ts).
 *
 * - One `readdir` per folder, with file types: no `stat` per entry except for
 *   symbolic links, which are followed to files and to folders (10,000 files
 *   cost about 1,000 system calls, not 11,000).
 * - Entries in JS string order (UTF-16 code units), so the scan order, and any
 *   error naming "the first file", is the same on every filesystem.
 * - `node_modules` is never walked; a dangling symlink is skipped.
 * - A symlink that leads back to a folder being walked (a cycle) is an error
 *   naming the link: followed, it would repeat every route below it once per
 *   turn until the OS refuses the path, dozens of copies deep.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { sep } from 'node:path';
import { RouteTreeError } from '../errors';

export interface FolderVisitor {
  /** Whether to walk the folder `name` found in `dir` (default: yes). */
  enterFolder?(name: string): boolean;
  /**
   * A file (or a symlink to one). `parts` are the folder names from the root
   * down to `dir`; the array is reused as the walk goes on, so copy it to keep it.
   */
  file(dir: string, name: string, parts: readonly string[]): void;
}

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function folderError(dir: string, problem: string, cause?: unknown, files: readonly string[] = [dir]): RouteTreeError {
  return new RouteTreeError('ERR_ROUTES_FOLDER', `next-api-express: routes folder ${dir} ${problem}`, files, cause);
}

function readFolder(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${code ?? String(cause)})`;
    throw folderError(dir, why, cause);
  }
}

/** What a symbolic link leads to; undefined for a dangling one. */
function kindOfLink(full: string): 'directory' | 'file' | 'other' | undefined {
  try {
    const stats = statSync(full);
    return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
  } catch {
    return undefined;
  }
}

/** A folder on the way down: its path as walked, and its real path (symlinks resolved). */
interface Ancestor {
  walked: string;
  real: string;
}

export function walkFolder(root: string, visitor: FolderVisitor): void {
  let rootReal: string;
  try {
    if (!statSync(root).isDirectory()) throw folderError(root, 'is not a directory');
    rootReal = realpathSync(root);
  } catch (cause) {
    throw cause instanceof RouteTreeError ? cause : folderError(root, 'does not exist', cause);
  }
  const parts: string[] = [];
  const ancestors: Ancestor[] = [];

  const walk = (dir: string, real: string): void => {
    ancestors.push({ walked: dir, real });
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    for (const entry of readFolder(dir).sort(byName)) {
      const name = entry.name;
      if (name === 'node_modules') continue;
      // Most entries of a big tree are plain files: no path string made for them.
      if (entry.isFile()) {
        visitor.file(dir, name, parts);
        continue;
      }
      const full = prefix + name;
      const link = entry.isSymbolicLink();
      const kind = entry.isDirectory() ? 'directory' : link ? kindOfLink(full) : 'other';
      if (kind === 'file') visitor.file(dir, name, parts);
      if (kind !== 'directory' || (visitor.enterFolder && !visitor.enterFolder(name))) continue;
      // Only a symlink can lead back up; a plain folder's real path follows from its parent's.
      const childReal = link ? realpathSync(full) : real + sep + name;
      const loop = link ? ancestors.find((a) => a.real === childReal) : undefined;
      if (loop) throw folderError(root, `has a symlink cycle: ${full} leads back to ${loop.walked}`, undefined, [full]);
      parts.push(name);
      walk(full, childReal);
      parts.pop();
    }
    ancestors.pop();
  };
  walk(root, rootReal);
}
