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
 * `next start` runs with NODE_ENV=production and `next dev` with development
 * when NODE_ENV is unset or empty; a NODE_ENV already given is kept, as Next
 * keeps it. Route code that tests `process.env.NODE_ENV === 'production'`
 * (secure cookies, verbose errors) then behaves as it does under Next. Called
 * before any route file is imported and before cluster workers are forked, so
 * both see it. Returns the line to log when NODE_ENV was set here.
 */
export function defaultNodeEnv(watch: boolean): string | undefined {
  const given = process.env.NODE_ENV;
  if (given) return undefined;
  process.env.NODE_ENV = watch ? 'development' : 'production';
  return `NODE_ENV=${process.env.NODE_ENV} (it was ${given === undefined ? 'unset' : 'empty'}; as ${watch ? 'next dev' : 'next start'} sets it)`;
}

/**
 * Loads the project's `.env` files; returns the line to log, or undefined when
 * there were none. The mode is NODE_ENV's (defaultNodeEnv() has set it when it
 * was unset); the files are read once: a changed `.env` needs a restart, as
 * the values are already in `process.env`.
 */
export function loadProjectEnv(dir: string, kind: RoutesFolder['kind']): string | undefined {
  const project = projectDirOf(dir, process.cwd(), kind);
  const { files, mode } = loadEnv(project);
  if (files.length === 0) return undefined;
  const where = relative(process.cwd(), project) || '.';
  return `environment (${mode}) from ${files.map((file) => basename(file)).join(', ')} in ${where}`;
}
