/**
 * Where an import inside a route file points: the way Next's bundler resolves
 * a `pages/api` file's imports — relative paths without extensions, `index`
 * files, `.js` specifiers naming `.ts` sources, and `paths`/`baseUrl` from the
 * nearest tsconfig.json or jsconfig.json. Bare package names are left to Node.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { createPathsMatcher, findTsconfig, getTsconfig } from 'get-tsconfig';

const TRY_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.json'];
/** `import '../db.js'` may name `db.ts` (TypeScript's NodeNext style). */
const SOURCE_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

// `throwIfNoEntry: false`: most candidates do not exist, and a thrown ENOENT
// (an Error with a stack, per candidate) cost more than the stat itself.
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false; // ENOTDIR, EACCES, a name too long: not a file we can load
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/** A path on disk as Next's bundler would complete it, or undefined. */
function completeFilePath(base: string): string | undefined {
  if (isFile(base)) return base;
  for (const ext of TRY_EXTENSIONS) if (isFile(base + ext)) return base + ext;
  const dot = base.lastIndexOf('.');
  const ext = dot > base.lastIndexOf('/') ? base.slice(dot) : '';
  for (const alt of SOURCE_FOR_JS[ext] ?? []) {
    const candidate = base.slice(0, -ext.length) + alt;
    if (isFile(candidate)) return candidate;
  }
  if (isDirectory(base)) {
    for (const ext of TRY_EXTENSIONS) if (isFile(`${base}/index${ext}`)) return `${base}/index${ext}`;
  }
  return undefined;
}

type PathsMatcher = (specifier: string) => string[];

/**
 * One per loader: caches the tsconfig lookup per directory, and each config
 * file's matcher once (a tree of 100 folders shares one tsconfig.json).
 */
export class ImportResolver {
  private readonly matchers = new Map<string, PathsMatcher | null>();
  private readonly matchersByConfig = new Map<string, PathsMatcher | null>();
  /** get-tsconfig's own cache of file lookups and parsed configs, shared by every lookup of this loader. */
  private readonly tsconfigCache = new Map<string, unknown>();

  private pathsMatcherFor(dir: string): PathsMatcher | null {
    let matcher = this.matchers.get(dir);
    if (matcher !== undefined) return matcher;
    // The nearer of tsconfig.json and jsconfig.json wins; in the same folder, tsconfig.json.
    const ts = findTsconfig(dir, 'tsconfig.json', this.tsconfigCache);
    const js = findTsconfig(dir, 'jsconfig.json', this.tsconfigCache);
    const chosen = ts && js ? (dirname(js).length > dirname(ts).length ? js : ts) : (ts ?? js);
    matcher = null;
    if (chosen) {
      matcher = this.matchersByConfig.get(chosen);
      if (matcher === undefined) {
        const config = getTsconfig(dirname(chosen), chosen.endsWith('jsconfig.json') ? 'jsconfig.json' : 'tsconfig.json', this.tsconfigCache);
        matcher = config ? createPathsMatcher(config) : null;
        this.matchersByConfig.set(chosen, matcher);
      }
    }
    this.matchers.set(dir, matcher);
    return matcher;
  }

  /**
   * The file a specifier names, for local files; `undefined` for packages and
   * builtins, which Node's own `require` handles.
   */
  resolveLocal(specifier: string, fromFile: string): string | undefined {
    const fromDir = dirname(fromFile);
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      return completeFilePath(resolvePath(fromDir, specifier));
    }
    if (isAbsolute(specifier)) return completeFilePath(specifier);
    if (specifier.startsWith('node:')) return undefined;
    const matcher = this.pathsMatcherFor(fromDir);
    if (matcher) {
      for (const candidate of matcher(specifier)) {
        const found = completeFilePath(candidate);
        if (found) return found;
      }
    }
    return undefined;
  }
}
