/**
 * The files of a Next project that `next start` applies around its routes but
 * this package does not: middleware (`middleware.ts`, renamed `proxy.ts` in
 * Next 16) and `next.config.*`. Finding them lets the mount say so at start-up
 * instead of silently serving routes that Next would have guarded, rewritten
 * or redirected (docs/design.md "Not applied: middleware and next.config").
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const CODE_EXTENSIONS = ['ts', 'js', 'mjs', 'cjs', 'tsx', 'jsx', 'mts', 'cts'];
const CONFIG_EXTENSIONS = ['js', 'mjs', 'cjs', 'ts', 'mts'];

export interface UnappliedFiles {
  /** `middleware.*` / `proxy.*` at the project root or in `src/`. */
  middleware: string[];
  /** `next.config.*` at the project root. */
  config: string[];
}

/**
 * The project folder a routes folder belongs to: the folder above the nearest
 * `pages` or `app` folder that holds `dir` (or `dir` itself), and above `src`
 * when that is where `pages`/`app` sit. `undefined` when `dir` is in neither.
 */
export function projectRootOf(dir: string): string | undefined {
  for (let folder = resolve(dir); dirname(folder) !== folder; folder = dirname(folder)) {
    const name = basename(folder);
    if (name !== 'pages' && name !== 'app') continue;
    const parent = dirname(folder);
    return basename(parent) === 'src' ? dirname(parent) : parent;
  }
  return undefined;
}

export function unappliedFiles(projectRoot: string): UnappliedFiles {
  const existing = (folder: string, stems: string[], extensions: string[]): string[] =>
    stems.flatMap((stem) => extensions.map((ext) => join(folder, `${stem}.${ext}`))).filter((file) => existsSync(file));
  return {
    middleware: [projectRoot, join(projectRoot, 'src')].flatMap((folder) => existing(folder, ['middleware', 'proxy'], CODE_EXTENSIONS)),
    config: existing(projectRoot, ['next.config'], CONFIG_EXTENSIONS),
  };
}
