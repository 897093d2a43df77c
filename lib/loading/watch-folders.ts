/**
 * Watch mode's file watching: every folder of the routes tree, plus the folder
 * of every local module a route imports from outside it (`src/lib/db.ts`).
 * Folders, not files: editors save by writing a new file and renaming it over
 * the old one, which silently ends a watcher on the file itself. And one
 * non-recursive watcher per folder rather than `{ recursive: true }`: on Linux,
 * Node 20 implements recursive watching by polling known files with
 * `fs.watchFile`, which notices a save seconds late.
 * Changes arrive debounced, as one batch of absolute paths.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FolderWatcher {
  /** Also watch the folder that holds `file` (no-op if already watched). */
  add(file: string): void;
  close(): void;
}

const DEBOUNCE_MS = 40;

export function watchFolder(root: string, onChanges: (files: string[]) => void, onError: (err: Error) => void): FolderWatcher {
  const watchers: FSWatcher[] = [];
  const watchedDirs = new Set<string>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const flush = (): void => {
    timer = undefined;
    const files = [...pending];
    pending.clear();
    if (files.length && !closed) onChanges(files);
  };
  const isDirectory = (path: string): boolean => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  };
  const record = (dir: string, tree: boolean) => (_event: string, name: string | Buffer | null): void => {
    if (closed) return;
    // Without a name (some platforms) the whole folder is suspect.
    const path = name ? join(dir, name.toString()) : dir;
    pending.add(path);
    // A folder created (or moved) into the routes tree gets watchers of its own.
    if (tree && name) {
      const exists = isDirectory(path);
      if (exists && !watchedDirs.has(path)) startTree(path);
      else if (!exists) watchedDirs.delete(path); // deleted: watch it again if it comes back
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  };
  const start = (dir: string, tree: boolean): void => {
    watchedDirs.add(dir);
    try {
      const watcher = watch(dir, record(dir, tree));
      watcher.on('error', (err: NodeJS.ErrnoException) => {
        // A watched folder that is deleted ends its watcher; that is not an error.
        if (err.code !== 'EPERM' && err.code !== 'ENOENT') onError(err);
      });
      watchers.push(watcher);
    } catch (err) {
      onError(err as Error);
    }
  };
  const startTree = (dir: string): void => {
    start(dir, true);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (name !== 'node_modules' && !watchedDirs.has(path) && isDirectory(path)) startTree(path);
    }
  };

  startTree(root);
  return {
    add(file) {
      const dir = dirname(file);
      if (closed || watchedDirs.has(dir) || dir === root || dir.startsWith(root + '/') || dir.includes('/node_modules/')) return;
      start(dir, false);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
