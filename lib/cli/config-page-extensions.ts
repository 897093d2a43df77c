/**
 * The CLI serves a project as `next start` would, so a `pageExtensions` its
 * next.config sets as a plain list is applied when `--page-extensions` is not
 * given (read as text, never run: routing/next-config-page-extensions.ts). A
 * list set by code is left to the mount's start-up warning, which names the
 * file and the flag.
 */
import { relative } from 'node:path';
import { detectRoutesFolder, nextConfigPageExtensions, OptionError } from '../index';
import type { CliOptions } from './args';
import { projectDirOf } from './project-env';

export interface ConfiguredOptions {
  options: CliOptions;
  /** The line to log when the list came from next.config. */
  note: string | undefined;
}

export function withConfigPageExtensions(options: CliOptions, cwd: string = process.cwd()): ConfiguredOptions {
  if (options.pageExtensions) return { options, note: undefined };
  const kind = detectRoutesFolder(options.dir).kind;
  const projectDir = projectDirOf(options.dir, cwd, kind);
  let extensions: string[] | undefined;
  try {
    extensions = nextConfigPageExtensions(projectDir);
  } catch (err) {
    if (err instanceof OptionError) return { options, note: undefined };
    throw err;
  }
  if (!extensions) return { options, note: undefined };
  const where = relative(cwd, projectDir) || '.';
  return { options: { ...options, pageExtensions: extensions }, note: `pageExtensions ${extensions.join(', ')} from the next.config in ${where}` };
}
