/**
 * `pageExtensions` as a project's `next.config.*` sets it. Next decides which
 * files are routes with it (`['page.tsx', 'api.ts']` makes `hello.api.ts` the
 * route `/api/hello` and `hello.ts` no route at all), so serving such a project
 * with the default extensions gives other URLs than `next start` does.
 *
 * The config file is read as text, never run: running it would import the
 * plugins it wraps itself in (`withBundleAnalyzer(...)`), which need `next`
 * and a build. Only a literal array of plain strings is taken; anything else
 * (a variable, a spread, a condition) is reported as unreadable, so the caller
 * can ask for the value instead of guessing (docs/design.md "Not applied:
 * middleware and next.config").
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { OptionError } from '../errors';
import { unappliedFiles } from './project-files';

export type ConfigPageExtensions =
  | { kind: 'absent' }
  | { kind: 'literal'; file: string; extensions: string[] }
  | { kind: 'unreadable'; file: string };

/** Block and line comments out, so a commented-out `pageExtensions` is not taken. Strings are left alone. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
}

const KEY = /\bpageExtensions\b\s*(:?)\s*/g;
const LITERAL_ARRAY = /^\[\s*((?:(['"])[^'"\\\n]*\2\s*,\s*)*(?:(['"])[^'"\\\n]*\3\s*,?\s*)?)\]/;
const STRING = /(['"])([^'"\\\n]*)\1/g;

/** What one config file's text says about `pageExtensions`. */
export function pageExtensionsInConfigText(source: string, file: string): ConfigPageExtensions {
  const text = withoutComments(source);
  const found: string[][] = [];
  for (const key of text.matchAll(KEY)) {
    if (key[1] !== ':') return { kind: 'unreadable', file }; // shorthand `{ pageExtensions }` or a variable of that name
    const array = LITERAL_ARRAY.exec(text.slice((key.index ?? 0) + key[0].length));
    if (!array) return { kind: 'unreadable', file };
    found.push([...(array[1] ?? '').matchAll(STRING)].map((m) => m[2] ?? ''));
  }
  if (found.length === 0) return { kind: 'absent' };
  const [first = []] = found;
  // Two literals that differ (`isProd ? [...] : [...]`): which one applies is decided by running the file.
  if (found.some((list) => list.join('\0') !== first.join('\0'))) return { kind: 'unreadable', file };
  return { kind: 'literal', file, extensions: first };
}

/** `pageExtensions` from the `next.config.*` at `projectDir`, read as text. */
export function pageExtensionsInConfig(projectDir: string): ConfigPageExtensions {
  const [file] = unappliedFiles(projectDir).config;
  if (file === undefined) return { kind: 'absent' };
  return pageExtensionsInConfigText(readFileSync(file, 'utf8'), file);
}

/**
 * The `pageExtensions` a project's next.config sets, to pass on as the
 * `pageExtensions` option; `undefined` when it sets none. Throws an
 * `OptionError` naming the file when it sets them in a way that only running
 * the file would tell.
 */
export function nextConfigPageExtensions(projectDir: string): string[] | undefined {
  const found = pageExtensionsInConfig(projectDir);
  if (found.kind === 'absent') return undefined;
  if (found.kind === 'literal') return found.extensions;
  throw new OptionError(
    'pageExtensions',
    `is set in ${relative(process.cwd(), found.file) || found.file} by code, not as a list of strings; pass the same list as the pageExtensions option (CLI: --page-extensions)`,
    'next.config option "pageExtensions"',
  );
}
