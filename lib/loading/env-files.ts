/**
 * `.env` files, loaded into `process.env` the way Next loads them before any
 * route code runs (`@next/env`):
 *
 * - from the project folder, in this order: `.env.<mode>.local`, `.env.local`
 *   (skipped when the mode is `test`, so tests see the same values on every
 *   machine), `.env.<mode>`, `.env`;
 * - the first file that sets a key wins, and a variable already in the
 *   environment wins over every file;
 * - `$VAR`, `${VAR}` and `${VAR:-default}` expand from the environment and
 *   the files read before (dotenv-expand), `\$` is a literal `$`.
 *
 * Route modules read `process.env` when they are first imported, so this runs
 * before `apiRoutes()` (the CLI does it by itself).
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OptionError } from '../errors';
import { givenOptions } from '../options';

/**
 * Loaded on the first call: requiring dotenv and dotenv-expand costs about
 * 10 ms, which every `require('next-api-express')` would pay otherwise.
 */
let dotenv: { parse: typeof import('dotenv').parse; expand: typeof import('dotenv-expand').expand } | undefined;
const dotenvLibraries = (): NonNullable<typeof dotenv> =>
  (dotenv ??= {
    parse: (require('dotenv') as typeof import('dotenv')).parse,
    expand: (require('dotenv-expand') as typeof import('dotenv-expand')).expand,
  });

export type EnvMode = 'development' | 'production' | 'test';

const MODES: readonly EnvMode[] = ['development', 'production', 'test'];

export interface LoadEnvOptions {
  /** Which `.env.<mode>` files apply. Default: `test` or `development` when NODE_ENV says so, else `production`. */
  mode?: EnvMode;
}

export interface LoadedEnv {
  mode: EnvMode;
  /** The files read, absolute, in the order above (an earlier one wins). */
  files: string[];
  /** The variables this call set in `process.env` (those already there are not). */
  loaded: Record<string, string>;
}

/** Next's mode: `next dev` is development, `next start` production, NODE_ENV=test test. */
function defaultMode(): EnvMode {
  const nodeEnv = process.env.NODE_ENV;
  return nodeEnv === 'development' || nodeEnv === 'test' ? nodeEnv : 'production';
}

function envFileNames(mode: EnvMode): string[] {
  return [`.env.${mode}.local`, ...(mode === 'test' ? [] : ['.env.local']), `.env.${mode}`, '.env'];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Loads the project's `.env` files into `process.env` (see above) and says
 * which files it read and what it set. `projectDir` is resolved against
 * `process.cwd()`; a folder without `.env` files changes nothing.
 */
export function loadEnv(projectDir: string, options: LoadEnvOptions = {}): LoadedEnv {
  // `{ mod: 'test' }` would otherwise load the production files without a word.
  givenOptions(options, ['mode'], 'loadEnv()');
  const mode = options.mode ?? defaultMode();
  if (!MODES.includes(mode)) throw new OptionError('mode', `must be one of ${MODES.map((m) => `"${m}"`).join(', ')} (received ${JSON.stringify(mode)})`);
  const dir = resolve(projectDir);
  const files = envFileNames(mode)
    .map((name) => join(dir, name))
    .filter(isFile);

  // Expansion sees the environment and every file read so far; what it writes
  // goes to this copy, and only keys new to the environment reach process.env.
  const seen: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) seen[key] = value;
  const loaded: Record<string, string> = Object.create(null) as Record<string, string>;
  const { parse, expand } = dotenvLibraries();
  for (const file of files) {
    const parsed = expand({ parsed: parse(readFileSync(file)), processEnv: seen }).parsed ?? {};
    for (const [key, value] of Object.entries(parsed)) {
      if (process.env[key] === undefined && !(key in loaded)) loaded[key] = value;
    }
  }
  Object.assign(process.env, loaded);
  return { mode, files, loaded };
}
