/**
 * An on-disk cache of compiled route files and the local modules they import,
 * so that a second start of the same tree neither compiles nor loads the
 * compiler (docs/design.md "Rules that keep it fast").
 *
 * - Keyed by content: a SHA-256 of the cache format, the package version, the
 *   compiler's identity (version and options, compile.ts) and the file's
 *   extension and text. An edited file misses; a renamed one hits.
 * - One file per entry, `<key>.js`, holding a header line (the SHA-256 and
 *   length of the code) and the code. An entry that does not check out —
 *   truncated, edited, garbage — is ignored and written again.
 * - Written atomically (a temporary file renamed into place), so a reader never
 *   sees half an entry, and any number of processes can share the folder.
 * - Safe to delete at any time, wholly or in part: a missing entry is a miss.
 *
 * Where: the `compileCache` option names a folder, or (by default)
 * `node_modules/.cache/next-api-express` of the project the routes folder is
 * in (the nearest folder above it with a package.json), falling back to a
 * folder of this user's in the OS temporary directory when that one cannot
 * be written. Nothing is created until a file actually needs compiling.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compilerIdentity, needsCompiling, toCommonJs } from './compile';

/** Bump when anything this file or compile.ts does to the code changes. */
const FORMAT = 'next-api-express compile cache 1';
const HEADER = '//next-api-express-compiled ';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

let packageVersion: string | undefined;
function ownVersion(): string {
  // lib/loading/ and dist/loading/ are both two levels below the package root.
  packageVersion ??= (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  return packageVersion;
}

/** The nearest folder at or above `dir` with a package.json, if any. */
function projectRoot(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'package.json'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** `node_modules/.cache/next-api-express` of the routes folder's project, or undefined outside any project. */
export function defaultCacheDir(routesRoot: string): string | undefined {
  const project = projectRoot(routesRoot);
  return project === undefined ? undefined : join(project, 'node_modules', '.cache', 'next-api-express');
}

/** This user's folder in the OS temporary directory. */
function temporaryCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `next-api-express-compile-cache-${uid}`);
}

function usable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The shared temporary directory is everyone's: the folder must be a real
 * folder (not a link) of this user that nobody else may write to, or another
 * user could plant code for us to run.
 */
function safeTemporaryDir(dir: string): boolean {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  try {
    const stats = lstatSync(dir);
    if (!stats.isDirectory()) return false;
    if (typeof process.getuid === 'function' && (stats.uid !== process.getuid() || (stats.mode & 0o022) !== 0)) return false;
    accessSync(dir, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface CompileCacheOptions {
  /** A folder chosen by the user; without it, the default place (see above). */
  dir?: string;
  /** The routes folder, whose project holds the default place. */
  routesRoot: string;
  /** Told once when a folder the user chose cannot be used. */
  warn?: (message: string) => void;
}

let tmpCounter = 0;

export class CompileCache {
  /** undefined: not decided yet; false: no usable folder (compile without caching). */
  private dir: string | false | undefined;

  constructor(private readonly options: CompileCacheOptions) {}

  /** The folder entries go to, deciding it (and creating it) on first use; false when none can be used. */
  location(): string | false {
    if (this.dir !== undefined) return this.dir;
    const { dir, routesRoot, warn } = this.options;
    if (dir !== undefined) {
      this.dir = usable(dir) ? dir : false;
      if (this.dir === false) warn?.(`next-api-express: the compile cache folder ${dir} cannot be created or written; route files are compiled without it.`);
      return this.dir;
    }
    const preferred = defaultCacheDir(routesRoot);
    if (preferred !== undefined && usable(preferred)) return (this.dir = preferred);
    const fallback = temporaryCacheDir();
    return (this.dir = safeTemporaryDir(fallback) ? fallback : false);
  }

  /** `toCommonJs`, through the cache: a hit returns the stored code without loading the compiler. */
  compile(source: string, file: string, extension: string): string {
    if (!needsCompiling(source, extension)) return source;
    const dir = this.location();
    if (dir === false) return toCommonJs(source, file, extension);
    const entry = join(dir, `${this.key(source, extension)}.js`);
    const hit = readEntry(entry);
    if (hit !== undefined) return hit;
    const code = toCommonJs(source, file, extension); // a syntax error throws here, and is never cached
    writeEntry(entry, code);
    return code;
  }

  private key(source: string, extension: string): string {
    return createHash('sha256').update(`${FORMAT}\0${ownVersion()}\0${compilerIdentity()}\0${extension}\0`).update(source).digest('hex');
  }
}

/** The code of a well-formed entry; undefined for a missing, partial or corrupt one. */
function readEntry(entry: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(entry, 'utf8');
  } catch {
    return undefined;
  }
  if (!text.startsWith(HEADER)) return undefined;
  const newline = text.indexOf('\n');
  if (newline === -1) return undefined;
  const [hash, length] = text.slice(HEADER.length, newline).split(' ');
  const code = text.slice(newline + 1);
  if (String(code.length) !== length || sha256(code) !== hash) return undefined;
  return code;
}

/** Writes `entry` whole or not at all; a failure only costs the next start a compile. */
function writeEntry(entry: string, code: string): void {
  const temporary = `${entry}.${process.pid}.${++tmpCounter}.tmp`;
  const text = `${HEADER}${sha256(code)} ${code.length}\n${code}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(temporary, text);
      renameSync(temporary, entry);
      return;
    } catch (err) {
      try {
        rmSync(temporary, { force: true });
      } catch {
        /* nothing more to do */
      }
      // The folder was deleted while we ran: make it again, once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 1) return;
      try {
        mkdirSync(dirname(entry), { recursive: true });
      } catch {
        return;
      }
    }
  }
}
