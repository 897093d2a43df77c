/**
 * The CLI loads the `.env` files of the Next.js project whose routes it
 * serves, as `next start` loads its project's (loading/env-files.ts, through
 * the package root).
 */
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { loadEnv, type RoutesFolder } from '../index';

/**
 * The project folder: a project given as such is its own; for a `pages/api`
 * or App Router folder, the one that holds its `pages/` (or `app/`, or
 * `src/pages/`, `src/app/`) on the way to `dir`, so
 * `next-api-express ./app/src/pages/api` finds `./app/.env` from anywhere. A
 * folder with no such folder above it: the working directory.
 */
export function projectDirOf(dir: string, cwd: string = process.cwd(), kind: RoutesFolder['kind'] = 'pages-api'): string {
  const full = resolve(cwd, dir);
  if (kind === 'project') return full;
  const parts = full.split(sep);
  const marker = parts.lastIndexOf(kind === 'app' ? 'app' : 'pages');
  if (marker <= 0) return cwd;
  const root = parts.slice(0, marker).join(sep) || sep;
  return basename(root) === 'src' ? dirname(root) : root;
}

/**
 * Loads the project's `.env` files; returns the line to log, or undefined when
 * there were none. The mode is NODE_ENV's; with `--watch` and no NODE_ENV it
 * is `development`, the files `next dev` reads (read once: a changed `.env`
 * needs a restart, as the values are already in `process.env`).
 */
export function loadProjectEnv(dir: string, kind: RoutesFolder['kind'], watch = false): string | undefined {
  const project = projectDirOf(dir, process.cwd(), kind);
  const { files, mode } = loadEnv(project, watch && !process.env.NODE_ENV ? { mode: 'development' } : {});
  if (files.length === 0) return undefined;
  const where = relative(process.cwd(), project) || '.';
  return `environment (${mode}) from ${files.map((file) => basename(file)).join(', ')} in ${where}`;
}
