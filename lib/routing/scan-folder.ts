/**
 * Lists the route files of a `pages/api` folder (docs/next-behaviour.md §3):
 * every file ending in a page extension, `index` naming its folder, `.d.ts`
 * left out. Filesystem only (walk-folder.ts): no parsing of segments, no HTTP.
 */
import { sep } from 'node:path';
import { walkFolder } from './walk-folder';

export interface ScannedFile {
  /** Absolute path of the file. */
  file: string;
  /** Route path relative to the folder: `/`, `/users`, `/users/[id]` (extension and trailing `/index` stripped). */
  route: string;
}

/** Next skips `*.d.ts` when `ts` is a page extension; we always do (docs/next-behaviour.md §3, Turbopack bug not copied). */
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/** `suffixes`: the page extensions with their dot, longest first, so `hello.api.js` with ['api.js','js'] → `hello`. */
function stripPageExtension(name: string, suffixes: readonly string[]): string | undefined {
  for (const suffix of suffixes) {
    if (name.length > suffix.length && name.endsWith(suffix)) return name.slice(0, -suffix.length);
  }
  return undefined;
}

export function scanRoutes(root: string, pageExtensions: readonly string[]): ScannedFile[] {
  const found: ScannedFile[] = [];
  const suffixes = pageExtensions.map((ext) => `.${ext}`);
  // A folder's files come one after another (its subfolders between them):
  // its route and path prefix are made once per run, not once per file.
  let lastDir: string | undefined;
  let folder = '';
  let dirPrefix = '';
  walkFolder(root, {
    file(dir, name, parts) {
      if (DECLARATION_FILE.test(name)) return;
      const stem = stripPageExtension(name, suffixes);
      if (stem === undefined) return;
      if (dir !== lastDir) {
        lastDir = dir;
        folder = parts.length ? `/${parts.join('/')}` : '';
        dirPrefix = dir + sep;
      }
      // `index` names its folder: `/index` → `/`, `/users/index` → `/users`.
      found.push({ file: dirPrefix + name, route: stem === 'index' ? folder || '/' : `${folder}/${stem}` });
    },
  });
  return found;
}
