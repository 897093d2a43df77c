/**
 * A route file's `export const config` (docs/next-behaviour.md §11), checked once when the file is
 * loaded. Next reads an unparseable size as "no limit"; here it is an error that
 * names the file and the key (a deliberate difference, see docs/design.md).
 */
import bytes from 'bytes';
import { RouteLoadError } from './errors';

export interface RouteConfig {
  /** `false`: leave the request stream alone and `req.body` undefined. */
  bodyParser: false | { limit: number; /** as written, for `Body exceeded <limit> limit` */ limitText: string };
  externalResolver: boolean;
  /** Bytes at or above which the response-size warning is logged; `false` disables it. */
  responseLimit: false | number;
  /** Seconds (`config.maxDuration`); enforced only with the `enforceMaxDuration` option, as `next start` ignores it. */
  maxDuration: number | undefined;
  /** `'edge'` (or `'experimental-edge'`): the default export is a Web handler, `(req: NextRequest) => Response`. */
  runtime: 'nodejs' | 'edge';
}

const DEFAULT_BODY_LIMIT = '1mb';
const RESPONSE_LIMIT_DEFAULT = 4 * 1024 * 1024;
const KNOWN_API_KEYS = new Set(['bodyParser', 'externalResolver', 'responseLimit']);
const RUNTIMES = new Set(['nodejs', 'edge', 'experimental-edge']);

export const DEFAULT_CONFIG: RouteConfig = Object.freeze({
  bodyParser: Object.freeze({ limit: 1024 * 1024, limitText: DEFAULT_BODY_LIMIT }),
  externalResolver: false,
  responseLimit: RESPONSE_LIMIT_DEFAULT,
  maxDuration: undefined,
  runtime: 'nodejs',
});

const EDGE_CONFIG: RouteConfig = Object.freeze({ ...DEFAULT_CONFIG, runtime: 'edge' });

function invalid(file: string, key: string, problem: string): RouteLoadError {
  return new RouteLoadError('ERR_INVALID_CONFIG', `Invalid \`export const config\` in ${file}: ${key} ${problem}`, file);
}

function parseSize(file: string, key: string, value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw invalid(file, key, `must be a non-negative number of bytes (received ${value})`);
    return Math.floor(value);
  }
  if (typeof value === 'string') {
    const n = bytes.parse(value);
    if (n === null || !Number.isFinite(n) || n < 0) throw invalid(file, key, `is not a size such as "500kb" or "1mb" (received ${JSON.stringify(value)})`);
    return n;
  }
  throw invalid(file, key, `must be a string such as "1mb" or a number of bytes (received ${typeof value})`);
}

function bodyParser(file: string, value: unknown): RouteConfig['bodyParser'] {
  // Next parses unless the value is strictly `false`: `0`, `''`, `null` and
  // `true` all parse with the default limit (docs/next-behaviour.md §8 "When it runs").
  if (value === false) return false;
  if (!value || value === true) return DEFAULT_CONFIG.bodyParser;
  if (typeof value !== 'object') {
    throw invalid(file, 'api.bodyParser', `must be false, true or { sizeLimit } (received ${JSON.stringify(value)})`);
  }
  const sizeLimit = (value as { sizeLimit?: unknown }).sizeLimit;
  // A falsy sizeLimit falls back to '1mb' (docs/next-behaviour.md §8 "Size limit").
  if (!sizeLimit) return DEFAULT_CONFIG.bodyParser;
  return { limit: parseSize(file, 'api.bodyParser.sizeLimit', sizeLimit), limitText: String(sizeLimit) };
}

function responseLimit(file: string, value: unknown): RouteConfig['responseLimit'] {
  if (value === undefined || value === true) return RESPONSE_LIMIT_DEFAULT;
  if (!value) return false; // false, 0, '' disable the check (docs/next-behaviour.md §11)
  return parseSize(file, 'api.responseLimit', value);
}

/**
 * Validates and normalises a module's `config`. `warn` receives the one-time
 * notice about unknown `config.api` keys (Next ignores them silently).
 */
export function readRouteConfig(file: string, config: unknown, warn: (message: string) => void): RouteConfig {
  if (config === undefined || config === null) return DEFAULT_CONFIG;
  if (typeof config !== 'object') throw invalid(file, 'config', `must be an object (received ${typeof config})`);
  const { api, runtime } = config as { api?: unknown; runtime?: unknown };
  const maxDuration = (config as { maxDuration?: unknown }).maxDuration as number | undefined; // checked below
  if (runtime !== undefined && !RUNTIMES.has(String(runtime))) {
    throw invalid(file, 'runtime', `must be "nodejs", "edge" or "experimental-edge" (received ${JSON.stringify(runtime)})`);
  }
  // An edge API route is a Web handler (docs/next-behaviour.md §20–§31); its body is the Request's to read.
  const edge = runtime === 'edge' || runtime === 'experimental-edge';
  if (maxDuration !== undefined && (typeof maxDuration !== 'number' || !(maxDuration > 0))) {
    throw invalid(file, 'maxDuration', `must be a positive number of seconds (received ${JSON.stringify(maxDuration)})`);
  }
  if (edge) return maxDuration === undefined ? EDGE_CONFIG : { ...EDGE_CONFIG, maxDuration };
  if (api === undefined || api === null) return maxDuration === undefined ? DEFAULT_CONFIG : { ...DEFAULT_CONFIG, maxDuration };
  if (typeof api !== 'object') throw invalid(file, 'api', `must be an object (received ${typeof api})`);
  const apiConfig = api as Record<string, unknown>;
  const unknown = Object.keys(apiConfig).filter((k) => !KNOWN_API_KEYS.has(k));
  if (unknown.length) warn(`${file}: unknown key${unknown.length > 1 ? 's' : ''} in config.api ignored: ${unknown.join(', ')}`);
  const externalResolver = apiConfig.externalResolver;
  if (externalResolver !== undefined && typeof externalResolver !== 'boolean') {
    throw invalid(file, 'api.externalResolver', `must be true or false (received ${JSON.stringify(externalResolver)})`);
  }
  return {
    bodyParser: bodyParser(file, apiConfig.bodyParser),
    externalResolver: externalResolver === true,
    responseLimit: responseLimit(file, apiConfig.responseLimit),
    maxDuration,
    runtime: 'nodejs',
  };
}

// ---------------------------------------------------------------------------
// App Router route segment config (docs/next-behaviour.md §32): the named
// exports `dynamic`, `revalidate`, `runtime`, ... of a `route.ts` file,
// checked once when the file is loaded, like `config` above.

export type SegmentDynamic = 'auto' | 'force-dynamic' | 'error' | 'force-static';
export type SegmentFetchCache =
  | 'auto'
  | 'default-cache'
  | 'only-cache'
  | 'force-cache'
  | 'force-no-store'
  | 'default-no-store'
  | 'only-no-store';

export interface SegmentConfig {
  dynamic: SegmentDynamic;
  /** Seconds a prerendered GET answer stays fresh; `false` (the default): for good; `0`: never prerendered. */
  revalidate: number | false;
  /** `'edge'` routes run the same Web path; Next adds no RSC `Vary` to their answers. */
  runtime: 'nodejs' | 'edge';
  /** `false`: a prerendered route answers only the params `generateStaticParams` lists. */
  dynamicParams: boolean;
  /** Accepted and checked; a host enforces its own time limits. */
  maxDuration: number | undefined;
  fetchCache: SegmentFetchCache | undefined;
  preferredRegion: string | string[] | undefined;
}

export const DEFAULT_SEGMENT_CONFIG: SegmentConfig = Object.freeze({
  dynamic: 'auto',
  revalidate: false,
  runtime: 'nodejs',
  dynamicParams: true,
  maxDuration: undefined,
  fetchCache: undefined,
  preferredRegion: undefined,
});

const DYNAMIC_VALUES: readonly SegmentDynamic[] = ['auto', 'force-dynamic', 'error', 'force-static'];
const FETCH_CACHE_VALUES: readonly SegmentFetchCache[] = [
  'auto', 'default-cache', 'only-cache', 'force-cache', 'default-no-store', 'only-no-store', 'force-no-store',
];
const RUNTIME_VALUES = ['nodejs', 'edge', 'experimental-edge'] as const;

/** Next's build error for a segment config value (observed.md §15), with the file named. */
function invalidSegment(file: string, problem: string): RouteLoadError {
  return new RouteLoadError('ERR_INVALID_CONFIG', `${problem}\n  file: ${file}`, file);
}

function unrecognised(file: string, key: string, why: string): RouteLoadError {
  return invalidSegment(file, `Next.js can't recognize the exported \`${key}\` field in route. ${why}`);
}

function oneOfValues<T extends string>(file: string, key: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw unrecognised(file, key, 'It needs to be a static string.');
  if (!(allowed as readonly string[]).includes(value)) {
    throw unrecognised(file, key, `It has an invalid value: unknown variant \`${value}\`, expected one of ${allowed.map((a) => `\`${a}\``).join(', ')}.`);
  }
  return value as T;
}

function invalidOption(file: string, key: string, expected: string, value: unknown): RouteLoadError {
  return invalidSegment(
    file,
    'Invalid segment configuration options detected. Read more at https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config: ' +
      `Expected ${expected}, received ${value === null ? 'null' : typeof value} at "${key}"`,
  );
}

function revalidateValue(file: string, value: unknown): number | false {
  if (value === undefined || value === false) return false;
  if (typeof value !== 'number' || Number.isNaN(value)) throw invalidOption(file, 'revalidate', 'false or a number', value);
  if (value < 0) throw invalidSegment(file, `Invalid segment configuration: \`revalidate\` must be false or a number of seconds, 0 or more (received ${value}).`);
  return value === Infinity ? false : value;
}

function regionValue(file: string, value: unknown): string | string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' || (Array.isArray(value) && value.every((r) => typeof r === 'string'))) return value as string | string[];
  throw invalidOption(file, 'preferredRegion', 'string or array of strings', value);
}

/**
 * A Pages-Router `export const config = {...}` in an App Router file: `next
 * build` fails on it with this message (`next dev` only warns), listing the
 * segment exports that replace `runtime` and `regions`
 * (docs/next-behaviour.md §32). Its `api` keys mean nothing here: a route
 * handler reads its own body, so the hint says to delete them.
 */
function rejectPageConfig(file: string, config: unknown): void {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return;
  const legacy = config as Record<string, unknown>;
  const lines = [`Page config in ${file} is deprecated. Replace \`export const config=…\` with the following:`];
  if (legacy.runtime !== undefined) lines.push(`- \`export const runtime = ${JSON.stringify(legacy.runtime)}\``);
  if (legacy.regions !== undefined) lines.push(`- \`export const preferredRegion = ${JSON.stringify(legacy.regions)}\``);
  if (legacy.api !== undefined) {
    lines.push('- nothing for `api` (bodyParser, sizeLimit, responseLimit, externalResolver): a route handler reads its body with request.text(), json() or formData(); delete it');
  }
  lines.push('Visit https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config for more information.');
  throw invalidSegment(file, lines.join('\n'));
}

/**
 * The segment config of a route module's exports. `warn` receives Next's
 * build-time notices (deprecated `preferredRegion` and edge runtime), once.
 */
export function readSegmentConfig(file: string, exports: Readonly<Record<string, unknown>>, warn: (message: string) => void): SegmentConfig {
  rejectPageConfig(file, exports.config);
  const runtime = oneOfValues(file, 'runtime', exports.runtime, RUNTIME_VALUES);
  const maxDuration = exports.maxDuration;
  if (maxDuration !== undefined && typeof maxDuration !== 'number') throw invalidOption(file, 'maxDuration', 'number', maxDuration);
  if (typeof maxDuration === 'number' && !(maxDuration > 0)) {
    throw invalidSegment(file, `Invalid segment configuration: \`maxDuration\` must be a positive number of seconds (received ${maxDuration}).`);
  }
  const dynamicParams = exports.dynamicParams;
  if (dynamicParams !== undefined && typeof dynamicParams !== 'boolean') throw unrecognised(file, 'dynamicParams', 'It needs to be a static boolean.');
  const preferredRegion = regionValue(file, exports.preferredRegion);
  const edge = runtime === 'edge' || runtime === 'experimental-edge';
  if (preferredRegion !== undefined) {
    warn('The "preferredRegion" route segment config is deprecated. Learn more: https://nextjs.org/docs/messages/preferred-region-deprecated');
  }
  if (edge) warn('The Edge Runtime is deprecated. You can use the "nodejs" runtime instead. Learn more: https://nextjs.org/docs/messages/edge-runtime-deprecated');
  return {
    dynamic: oneOfValues(file, 'dynamic', exports.dynamic, DYNAMIC_VALUES) ?? 'auto',
    revalidate: revalidateValue(file, exports.revalidate),
    runtime: edge ? 'edge' : 'nodejs',
    dynamicParams: dynamicParams !== false,
    maxDuration: maxDuration as number | undefined,
    fetchCache: oneOfValues(file, 'fetchCache', exports.fetchCache, FETCH_CACHE_VALUES),
    preferredRegion,
  };
}
