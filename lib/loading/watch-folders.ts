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

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

class FolderTree implements FolderWatcher {
  private readonly watchers: FSWatcher[] = [];
  private readonly watchedDirs = new Set<string>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly onChanges: (files: string[]) => void,
    private readonly onError: (err: Error) => void,
  ) {
    this.startTree(root);
  }

  add(file: string): void {
    const dir = dirname(file);
    const { root } = this;
    if (this.closed || this.watchedDirs.has(dir) || dir === root || dir.startsWith(root + '/') || dir.includes('/node_modules/')) return;
    this.start(dir, false);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
  }

  private flush(): void {
    this.timer = undefined;
    const files = [...this.pending];
    this.pending.clear();
    if (files.length && !this.closed) this.onChanges(files);
  }

  /** One change in `dir`; `tree`: `dir` is inside the routes folder, whose new subfolders are watched too. */
  private record(dir: string, tree: boolean, name: string | Buffer | null): void {
    if (this.closed) return;
    // Without a name (some platforms) the whole folder is suspect.
    const path = name ? join(dir, name.toString()) : dir;
    this.pending.add(path);
    if (tree && name) {
      const exists = isDirectory(path);
      if (exists && !this.watchedDirs.has(path)) this.startTree(path);
      else if (!exists) this.watchedDirs.delete(path); // deleted: watch it again if it comes back
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  private start(dir: string, tree: boolean): void {
    this.watchedDirs.add(dir);
    try {
      const watcher = watch(dir, (_event, name) => this.record(dir, tree, name));
      watcher.on('error', (err: NodeJS.ErrnoException) => {
        // A watched folder that is deleted ends its watcher; that is not an error.
        if (err.code !== 'EPERM' && err.code !== 'ENOENT') this.onError(err);
      });
      this.watchers.push(watcher);
    } catch (err) {
      this.onError(err as Error);
    }
  }

  private startTree(dir: string): void {
    this.start(dir, true);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (name !== 'node_modules' && !this.watchedDirs.has(path) && isDirectory(path)) this.startTree(path);
    }
  }
}

/** Watches `root` (and every folder below it) now; `add()` watches more folders later. */
export function watchFolder(root: string, onChanges: (files: string[]) => void, onError: (err: Error) => void): FolderWatcher {
  return new FolderTree(root, onChanges, onError);
}
