/**
 * What a folder given to the CLI or to `createTestApp()` is: a whole Next
 * project, an App Router folder, or a `pages/api` folder — and where a
 * project keeps its `pages/` and `app/`. Reads only folder names and, for
 * the App Router guess, whether a `route.<ext>` file exists below.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { appFolderUrl } from './scan-app-folder';

/** A project's route folders, as `next build` finds them. */
export interface ProjectFolders {
  /** The project folder (absolute). */
  root: string;
  /** Next's `pages/` folder (its `api/` holds the API routes), if there is one. */
  pages: string | undefined;
  /** Next's `app/` folder, if there is one. */
  app: string | undefined;
}

/** What `detectRoutesFolder()` found; `url` is where its routes live in the Next app (`''`: at its root). */
export type RoutesFolder =
  | ({ kind: 'project'; url: '' } & ProjectFolders)
  | { kind: 'app'; root: string; url: string }
  | { kind: 'pages-api'; root: string; url: '/api' };

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Next's rule (`findPagesDir`): `pages/` and `app/` at the project root win
 * over `src/pages/` and `src/app/`, each looked up on its own.
 */
export function findProjectFolders(dir: string): ProjectFolders {
  const root = resolve(dir);
  const find = (name: string): string | undefined =>
    [join(root, name), join(root, 'src', name)].find(isDirectory);
  return { root, pages: find('pages'), app: find('app') };
}

/** Whether a `route.<ext>` file lies below `dir` (private `_` folders and node_modules skipped). */
function holdsRouteFile(dir: string, pageExtensions: readonly string[], depth = 0): boolean {
  if (depth > 32) return false;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  for (const name of names) {
    if (name.startsWith('route.') && pageExtensions.includes(name.slice('route.'.length))) return true;
  }
  return names.some((name) => !name.startsWith('_') && name !== 'node_modules' && isDirectory(join(dir, name)) && holdsRouteFile(join(dir, name), pageExtensions, depth + 1));
}

/**
 * In this order:
 * 1. below a `pages` folder's `api` (`pages/api`, `src/pages/api/v2`): a `pages/api` folder;
 * 2. a folder holding `pages/` or `app/` (or `src/pages/`, `src/app/`): a project;
 * 3. a folder named `app`, or below one (and not below a `pages` inside it)
 *    with a `route.<ext>` file somewhere in it: an App Router folder;
 * 4. anything else: a `pages/api` folder, as the CLI has always taken it.
 */
export function detectRoutesFolder(dir: string, options: { pageExtensions?: readonly string[] } = {}): RoutesFolder {
  const pageExtensions = options.pageExtensions ?? ['tsx', 'ts', 'jsx', 'js'];
  const root = resolve(dir);
  const parts = root.split(sep);
  const lastPages = parts.lastIndexOf('pages');
  const lastApp = parts.lastIndexOf('app');
  if (lastPages !== -1 && lastPages > lastApp && parts[lastPages + 1] === 'api') return { kind: 'pages-api', root, url: '/api' };
  const project = findProjectFolders(root);
  if (project.pages || project.app) return { kind: 'project', url: '', ...project };
  if (lastApp > lastPages && (lastApp === parts.length - 1 || holdsRouteFile(root, pageExtensions))) {
    return { kind: 'app', root, url: appFolderUrl(root) };
  }
  return { kind: 'pages-api', root, url: '/api' };
}
