/**
 * The CLI loads the `.env` files of the Next.js project whose `pages/api`
 * folder it serves, as `next start` loads its project's (loading/env-files.ts,
 * through the package root).
 */
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { loadEnv } from '../index';

/**
 * The project folder: the one that holds `pages/` (or `src/pages/`) on the
 * way to `dir`, so `next-api-express ./app/src/pages/api` finds `./app/.env`
 * from anywhere. A folder with no `pages` above it: the working directory.
 */
export function projectDirOf(dir: string, cwd: string = process.cwd()): string {
  const parts = resolve(cwd, dir).split(sep);
  const pages = parts.lastIndexOf('pages');
  if (pages <= 0) return cwd;
  const root = parts.slice(0, pages).join(sep) || sep;
  return basename(root) === 'src' ? dirname(root) : root;
}

/** Loads the project's `.env` files; returns the line to log, or undefined when there were none. */
export function loadProjectEnv(dir: string): string | undefined {
  const project = projectDirOf(dir);
  const { files, mode } = loadEnv(project, {});
  if (files.length === 0) return undefined;
  const where = relative(process.cwd(), project) || '.';
  return `environment (${mode}) from ${files.map((file) => basename(file)).join(', ')} in ${where}`;
}
