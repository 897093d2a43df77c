/**
 * Defaults and validation, once per `apiRoutes()` call. Every bad option throws
 * a `TypeError` that names it, so a typo fails at start-up, not on a request.
 */
import { randomBytes } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { format } from 'node:util';
import { closestName, errorMessage, OptionError } from './errors';
import type { ApiRoutesOptions, AppRoutesOptions, Logger, ProjectRoutesOptions, PreviewModeKeys, RevalidateHook, RouteCacheStore } from './types';

export interface ResolvedOptions {
  /** Longest first, so `hello.api.js` with `['api.js', 'js']` strips `.api.js` (docs/next-behaviour.md §3). */
  pageExtensions: string[];
  /** `''` or a prefix such as `/api`, no trailing slash. */
  basePath: string;
  trailingSlash: 'redirect' | 'ignore';
  onError: 'respond' | 'next';
  logger: Logger;
  preview: PreviewModeKeys;
  revalidate: RevalidateHook | undefined;
  /** Development warnings only (docs/next-behaviour.md §13). */
  dev: boolean;
  /**
   * `process.env.NODE_ENV === 'development'` when the options were resolved:
   * what Next keys preview cookie attributes and its error pages on (§10.6, §12).
   * Not an option: Next offers none either.
   */
  development: boolean;
  watch: boolean;
  /** Where `src` of an image imported by a route points; ends with `/`. */
  imagePublicPath: string;
  enforceMaxDuration: boolean;
  /** `true`: the default folder (decided from the routes folder); an absolute path; or `false`: off. */
  compileCache: boolean | string;
}

const KNOWN = new Set([
  'pageExtensions', 'basePath', 'trailingSlash', 'onError', 'logger', 'preview', 'revalidate', 'dev', 'watch', 'imagePublicPath', 'enforceMaxDuration',
  'compileCache',
]);

/** Where Next itself puts the images route code imports (`/_next/static/media/<name>.<hash>.<ext>`). */
export const DEFAULT_IMAGE_PUBLIC_PATH = '/_next/static/media/';

let processPreviewKeys: PreviewModeKeys | undefined;

/** Next generates these per build; here they are per process unless configured (docs/next-behaviour.md §9). */
function defaultPreviewKeys(): PreviewModeKeys {
  processPreviewKeys ??= {
    previewModeId: randomBytes(16).toString('hex'),
    previewModeSigningKey: randomBytes(32).toString('hex'),
    previewModeEncryptionKey: randomBytes(32).toString('hex'),
  };
  return processPreviewKeys;
}

function pageExtensions(value: unknown): string[] {
  if (value === undefined) return ['tsx', 'ts', 'jsx', 'js'];
  if (!Array.isArray(value) || value.length === 0) throw new OptionError('pageExtensions', 'must be a non-empty array of strings such as ["ts", "js"]');
  for (const ext of value) {
    if (typeof ext !== 'string' || ext === '' || ext.startsWith('.') || ext.includes('/')) {
      throw new OptionError('pageExtensions', `has an invalid entry ${JSON.stringify(ext)}: use endings without the dot, e.g. "ts" or "api.js"`);
    }
  }
  return [...new Set(value as string[])].sort((a, b) => b.length - a.length);
}

function basePath(value: unknown): string {
  if (value === undefined || value === '' || value === '/') return '';
  if (typeof value !== 'string' || !value.startsWith('/') || value.includes('?') || value.includes('//')) {
    throw new OptionError('basePath', `must be a path starting with "/", e.g. "/api" (received ${JSON.stringify(value)})`);
  }
  return value.endsWith('/') ? value.slice(0, -1) : value;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (value === undefined) return allowed[0];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new OptionError(name, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')} (received ${JSON.stringify(value)})`);
  }
  return value as T;
}

function logger(value: unknown): Logger {
  if (value === undefined) return failSafe(console);
  const candidate = value as Partial<Logger> | null;
  if (!candidate || typeof candidate.error !== 'function' || typeof candidate.warn !== 'function') {
    throw new OptionError('logger', 'must have error() and warn() methods, like console');
  }
  return failSafe(candidate as Logger);
}

/** Last resort when the logger itself fails: one line on stderr, which must not throw either. */
function reportLoggerFailure(level: keyof Logger, err: unknown, args: unknown[]): void {
  try {
    process.stderr.write(`next-api-express: logger.${level}() failed (${errorMessage(err)}); the line was: ${format(...args)}\n`);
  } catch {
    // Nowhere left to say it.
  }
}

/**
 * The logger as the library calls it. Logging is never allowed to take a
 * request down (issue 9): a logger that throws, or an async one whose promise
 * rejects, would otherwise turn a handler's error into an unhandled rejection
 * and end the process with no answer sent. Methods are called on the logger
 * itself, so pino/winston instances keep their `this`.
 */
function failSafe(target: Logger): Logger {
  const safe = (level: keyof Logger) => (...args: unknown[]): void => {
    try {
      const result: unknown = target[level](...args);
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, (err: unknown) => reportLoggerFailure(level, err, args));
      }
    } catch (err) {
      reportLoggerFailure(level, err, args);
    }
  };
  return { error: safe('error'), warn: safe('warn') };
}

function preview(value: unknown): PreviewModeKeys {
  if (value === undefined) return defaultPreviewKeys();
  if (!value || typeof value !== 'object') throw new OptionError('preview', 'must be { previewModeId, previewModeSigningKey, previewModeEncryptionKey }');
  const keys = value as Record<string, unknown>;
  for (const key of ['previewModeId', 'previewModeSigningKey', 'previewModeEncryptionKey']) {
    const v = keys[key];
    if (typeof v !== 'string' || v.length < 16) throw new OptionError(`preview.${key}`, 'must be a string of at least 16 characters');
  }
  return {
    previewModeId: keys.previewModeId as string,
    previewModeSigningKey: keys.previewModeSigningKey as string,
    previewModeEncryptionKey: keys.previewModeEncryptionKey as string,
  };
}

/** A URL path (`/static/`) or an absolute http(s) URL; a missing trailing slash is added. */
function imagePublicPath(value: unknown): string {
  if (value === undefined) return DEFAULT_IMAGE_PUBLIC_PATH;
  if (typeof value !== 'string' || !(value.startsWith('/') || /^https?:\/\/[^/]/.test(value)) || /[?#\s]/.test(value)) {
    throw new OptionError('imagePublicPath', `must be a URL path such as "/static/media/" or an absolute URL such as "https://cdn.example.com/media/" (received ${JSON.stringify(value)})`);
  }
  return value.endsWith('/') ? value : `${value}/`;
}

function optionalFunction<T>(name: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new OptionError(name, 'must be a function');
  return value as T;
}

function boolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new OptionError(name, `must be true or false (received ${JSON.stringify(value)})`);
  return value;
}

/** `true`/`false`, or a folder (resolved against the working directory, as `dir` is). */
function compileCache(value: unknown): boolean | string {
  if (value === undefined) return true;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string' || value === '') {
    throw new OptionError('compileCache', `must be true, false or the path of a folder (received ${JSON.stringify(value)})`);
  }
  return resolvePath(value);
}

/**
 * `options` as an object whose every key is in `known`; otherwise an
 * OptionError naming the key, the nearest known name and the whole list.
 * `owner` (`loadEnv()`, `testHandler()`) is named when the options are not a mount's.
 */
export function givenOptions(options: unknown, known: Iterable<string>, owner?: string): Record<string, unknown> {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new OptionError('options', 'must be an object', owner ? `${owner} options` : undefined);
  }
  const given = (options ?? {}) as Record<string, unknown>;
  const names = [...known];
  for (const key of Object.keys(given)) {
    if (!names.includes(key)) {
      const near = closestName(key, names);
      throw new OptionError(key, `is not an option${owner ? ` of ${owner}` : ''}${near ? ` (did you mean "${near}"?)` : ''} (known: ${names.join(', ')})`);
    }
  }
  return given;
}

export function resolveOptions(options: ApiRoutesOptions | undefined): ResolvedOptions {
  return resolveGiven(givenOptions(options, KNOWN));
}

/** `appRoutes()` options: those of `apiRoutes()` but `revalidate` (a Pages Router hook), plus `cache`. */
export interface ResolvedAppOptions extends ResolvedOptions {
  cache: RouteCacheStore | undefined;
}

const APP_KNOWN = new Set([...KNOWN].filter((k) => k !== 'revalidate').concat('cache'));

function cacheStore(value: unknown): RouteCacheStore | undefined {
  if (value === undefined) return undefined;
  const store = value as Partial<RouteCacheStore> | null;
  if (!store || typeof store.get !== 'function' || typeof store.set !== 'function' || typeof store.delete !== 'function') {
    throw new OptionError('cache', 'must be a store with get(key), set(key, entry) and delete(key) methods');
  }
  return store as RouteCacheStore;
}

export function resolveAppOptions(options: AppRoutesOptions | undefined): ResolvedAppOptions {
  const given = givenOptions(options, APP_KNOWN);
  return { ...resolveGiven(given), cache: cacheStore(given.cache) };
}

const PROJECT_KNOWN = new Set([...KNOWN, 'cache']);

/** Every option a mount takes (`projectRoutes()`'s, the widest set), for the test helpers' own checks. */
export const MOUNT_OPTION_NAMES: readonly string[] = [...PROJECT_KNOWN];

/** `projectRoutes()` options: every option of both, one set of settings for both trees. */
export function resolveProjectOptions(options: ProjectRoutesOptions | undefined): ResolvedAppOptions {
  const given = givenOptions(options, PROJECT_KNOWN);
  return { ...resolveGiven(given), cache: cacheStore(given.cache) };
}

function resolveGiven(given: Record<string, unknown>): ResolvedOptions {
  return {
    pageExtensions: pageExtensions(given.pageExtensions),
    basePath: basePath(given.basePath),
    trailingSlash: oneOf('trailingSlash', given.trailingSlash, ['redirect', 'ignore'] as const),
    onError: oneOf('onError', given.onError, ['respond', 'next'] as const),
    logger: logger(given.logger),
    preview: preview(given.preview),
    revalidate: optionalFunction<RevalidateHook>('revalidate', given.revalidate),
    dev: boolean('dev', given.dev, process.env.NODE_ENV !== 'production'),
    development: process.env.NODE_ENV === 'development',
    watch: boolean('watch', given.watch, false),
    enforceMaxDuration: boolean('enforceMaxDuration', given.enforceMaxDuration, false),
    imagePublicPath: imagePublicPath(given.imagePublicPath),
    compileCache: compileCache(given.compileCache),
  };
}
