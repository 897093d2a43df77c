/**
 * An on-disk cache of compiled route files and the local modules they import,
 * so that a second start of the same tree neither compiles nor loads the
 * compiler (docs/design.md "Rules that keep it fast").
 *
 * - Keyed by content: each entry's key is a SHA-256 of the cache format, the
 *   package version, the compiler's identity (version and options, compile.ts)
 *   and the file's extension and text. An edited file misses.
 * - One pack file per routes folder (`routes-<hash of its path>.pack`), holding
 *   every entry with the SHA-256 and length of its code. Creating a file costs
 *   more than compiling one (~0.7 ms against ~0.3 ms on the benchmark
 *   machine), so 1,000 routes are one file read at a warm start and one file
 *   written after a cold one, not a thousand of each. An entry that does not
 *   check out (truncated, edited, garbage) is ignored, compiled again and
 *   written again with the next pack.
 * - Written in the background, atomically (a temporary file renamed into
 *   place), a moment after the last compile; `flush()` (awaited by `ready()`)
 *   writes at once. Processes sharing the folder (cluster workers, parallel
 *   test runs) each write whole packs; the last one wins, and an entry another
 *   process had only costs a compile on the next start.
 * - Safe to delete at any time, wholly or in part: a missing pack is a miss.
 *
 * Where: the `compileCache` option names a folder, or (by default)
 * `node_modules/.cache/next-api-express` of the project the routes folder is
 * in (the nearest folder above it with a package.json), falling back to a
 * folder of this user's in the OS temporary directory when that one cannot
 * be written. Nothing is created until a file actually needs compiling.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { compilerIdentity, needsCompiling, toCommonJs } from './compile';

/** Bump when anything this file or compile.ts does to the code changes. */
const FORMAT = 'next-api-express compile cache 1';
const PACK_HEADER = '//next-api-express compile cache pack 1\n';
/** A pack holding more code than this keeps only the entries this process used. */
const MAX_PACK_CHARS = 64 * 1024 * 1024;
/** How long after the last compile the pack is written (more compiles usually follow). */
const WRITE_DELAY_MS = 50;
const KEY = /^[0-9a-f]{64}$/;

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
function defaultCacheDir(routesRoot: string): string | undefined {
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

interface Entry {
  /** SHA-256 of `code`, as written. */
  hash: string;
  code: string;
  /** `hash` has been checked against `code` in this process. */
  checked: boolean;
}

/** The entries of a pack's text; reading stops at the first record that is not whole. */
function parsePack(text: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  if (!text.startsWith(PACK_HEADER)) return entries;
  let at = PACK_HEADER.length;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    if (newline === -1) break;
    const [key, hash, lengthText] = text.slice(at, newline).split(' ');
    const length = Number(lengthText);
    if (!KEY.test(key ?? '') || !KEY.test(hash ?? '') || !Number.isSafeInteger(length) || length < 0) break;
    const end = newline + 1 + length;
    if (end >= text.length || text[end] !== '\n') break;
    entries.set(key, { hash, code: text.slice(newline + 1, end), checked: false });
    at = end + 1;
  }
  return entries;
}

function serialisePack(entries: Iterable<[string, Entry]>): string {
  const parts = [PACK_HEADER];
  for (const [key, { hash, code }] of entries) parts.push(`${key} ${hash} ${code.length}\n`, code, '\n');
  return parts.join('');
}

export class CompileCache {
  /** undefined: not decided yet; false: no usable folder (compile without caching). */
  private pack: string | false | undefined;
  /** The pack's entries, read on the first compile. */
  private entries: Map<string, Entry> | undefined;
  /** Keys this process compiled or read: what a pack over the size limit keeps. */
  private readonly used = new Set<string>();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;

  constructor(private readonly options: CompileCacheOptions) {}

  /** The pack file, deciding its folder (and creating it) on first use; false when no folder can be used. */
  private location(): string | false {
    if (this.pack !== undefined) return this.pack;
    const { dir, routesRoot, warn } = this.options;
    let folder: string | false;
    if (dir !== undefined) {
      folder = usable(dir) ? dir : false;
      if (folder === false) warn?.(`next-api-express: the compile cache folder ${dir} cannot be created or written; route files are compiled without it.`);
    } else {
      const preferred = defaultCacheDir(routesRoot);
      const fallback = temporaryCacheDir();
      folder = preferred !== undefined && usable(preferred) ? preferred : safeTemporaryDir(fallback) ? fallback : false;
    }
    // Named by the routes folder's path relative to the cache folder, so that a
    // project moved as a whole (cache included) keeps its pack.
    const name = folder === false ? '' : `routes-${sha256(relative(folder, routesRoot)).slice(0, 16)}.pack`;
    return (this.pack = folder === false ? false : join(folder, name));
  }

  /** `toCommonJs`, through the cache: a hit returns the stored code without loading the compiler. */
  compile(source: string, file: string, extension: string): string {
    if (!needsCompiling(source, extension)) return source;
    const pack = this.location();
    if (pack === false) return toCommonJs(source, file, extension);
    const entries = (this.entries ??= readPack(pack));
    const key = this.key(source, extension);
    const hit = entries.get(key);
    if (hit && (hit.checked || (hit.checked = sha256(hit.code) === hit.hash))) {
      this.used.add(key);
      return hit.code;
    }
    const code = toCommonJs(source, file, extension); // a syntax error throws here, and is never cached
    entries.set(key, { hash: sha256(code), code, checked: true });
    this.used.add(key);
    this.dirty = true;
    this.scheduleWrite();
    return code;
  }

  /** Resolves once every entry compiled so far is on disk (or has failed to get there). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing || this.dirty) {
      if (!this.writing) this.startWrite();
      await this.writing;
    }
  }

  private key(source: string, extension: string): string {
    return createHash('sha256').update(`${FORMAT}\0${ownVersion()}\0${compilerIdentity()}\0${extension}\0`).update(source).digest('hex');
  }

  private scheduleWrite(): void {
    if (this.timer || this.writing) return; // a write in progress starts the next one when it ends
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startWrite();
    }, WRITE_DELAY_MS);
    this.timer.unref(); // never keeps a process alive: an unwritten pack is only a miss next time
  }

  private startWrite(): void {
    const pack = this.pack;
    if (typeof pack !== 'string' || !this.entries || !this.dirty) return;
    this.dirty = false;
    let kept: Iterable<[string, Entry]> = this.entries;
    let size = 0;
    for (const entry of this.entries.values()) size += entry.code.length;
    if (size > MAX_PACK_CHARS) kept = [...this.entries].filter(([key]) => this.used.has(key));
    this.writing = writeAtomically(pack, serialisePack(kept)).finally(() => {
      this.writing = undefined;
      if (this.dirty) this.scheduleWrite();
    });
  }
}

/** The entries of the pack at `file`; none when it is missing or unreadable. */
function readPack(file: string): Map<string, Entry> {
  try {
    // A first start has no pack: ask without throwing.
    if (!statSync(file, { throwIfNoEntry: false })) return new Map();
    return parsePack(readFileSync(file, 'utf8'));
  } catch {
    return new Map();
  }
}

/** Writes `file` whole or not at all; never rejects: a failure only costs the next start its compiles. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(temporary, text);
      await rename(temporary, file);
      return;
    } catch (err) {
      await rm(temporary, { force: true }).catch(() => undefined);
      // The folder was deleted while we ran: make it again, once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 1) return;
      if (!(await mkdir(dirname(file), { recursive: true }).then(() => true, () => false))) return;
    }
  }
}
