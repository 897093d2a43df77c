/** Temporary project folders, written the way editors save files. */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `text` to `path` under `dir` through a temporary file and a rename, as editors save: watchers must survive it. */
export function writeAsEditorsDo(dir: string, path: string, text: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, `${path}.tmp`), text);
  renameSync(join(dir, `${path}.tmp`), join(dir, path));
}

/** A new empty folder under the OS temp dir. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `next-api-express-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
