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
});

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
  if (runtime === 'edge' || runtime === 'experimental-edge') {
    warn(`${file}: runtime "${String(runtime)}" is not supported here; the route runs on the Node.js runtime.`);
  }
  if (maxDuration !== undefined && (typeof maxDuration !== 'number' || !(maxDuration > 0))) {
    throw invalid(file, 'maxDuration', `must be a positive number of seconds (received ${JSON.stringify(maxDuration)})`);
  }
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
  };
}
