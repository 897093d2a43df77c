/**
 * Defaults and validation, once per `apiRoutes()` call. Every bad option throws
 * a `TypeError` that names it, so a typo fails at start-up, not on a request.
 */
import { randomBytes } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { OptionError } from './errors';
import type { ApiRoutesOptions, Logger, PreviewModeKeys, RevalidateHook } from './types';

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
  dev: boolean;
  watch: boolean;
  /** `true`: the default folder (decided from the routes folder); an absolute path; or `false`: off. */
  compileCache: boolean | string;
}

const KNOWN = new Set([
  'pageExtensions', 'basePath', 'trailingSlash', 'onError', 'logger', 'preview', 'revalidate', 'dev', 'watch', 'compileCache',
]);

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
  if (value === undefined) return console;
  const candidate = value as Partial<Logger> | null;
  if (!candidate || typeof candidate.error !== 'function' || typeof candidate.warn !== 'function') {
    throw new OptionError('logger', 'must have error() and warn() methods, like console');
  }
  return candidate as Logger;
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

export function resolveOptions(options: ApiRoutesOptions | undefined): ResolvedOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new OptionError('options', 'must be an object');
  }
  const given = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!KNOWN.has(key)) throw new OptionError(key, `is not an option (known: ${[...KNOWN].join(', ')})`);
  }
  return {
    pageExtensions: pageExtensions(given.pageExtensions),
    basePath: basePath(given.basePath),
    trailingSlash: oneOf('trailingSlash', given.trailingSlash, ['redirect', 'ignore'] as const),
    onError: oneOf('onError', given.onError, ['respond', 'next'] as const),
    logger: logger(given.logger),
    preview: preview(given.preview),
    revalidate: optionalFunction<RevalidateHook>('revalidate', given.revalidate),
    dev: boolean('dev', given.dev, process.env.NODE_ENV !== 'production'),
    watch: boolean('watch', given.watch, false),
    compileCache: compileCache(given.compileCache),
  };
}
