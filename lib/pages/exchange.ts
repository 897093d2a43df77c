/**
 * The per-request state of one Pages-Router call, request and response side
 * together (docs/design.md "Rules that keep it fast"): one object whose fields
 * are all there from the start, so every exchange shares one V8 layout.
 *
 * Where it is kept depends on the request. On a plain `node:http` request it is
 * one symbol property of `req`, reached from the response through `res.req`:
 * V8 caches that property add and those loads. On a request whose prototype a
 * framework switched (Express does it for every request) it is kept beside
 * the request and the response, in a WeakMap: such a request's hidden class
 * is new every time, so adding a property builds another one (descriptors
 * copied, old-space garbage) and every property load misses V8's caches
 * (bench/README.md "Phase 6"), while a WeakMap lookup costs the same either way.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedOptions } from '../options';
import type { RouteConfig } from '../config';
import type { NextApiHandler, PreviewData } from '../types';

/** A loaded route, as the runner gets it (run-route.ts). */
export interface MatchedRoute {
  /** Next page name, e.g. `/api/users/[id]`. */
  page: string;
  /** Absolute path of the module. */
  file: string;
  handler: NextApiHandler;
  config: RouteConfig;
}

export type AnyFunction = (...args: unknown[]) => unknown;

export const HELPERS = ['status', 'send', 'json', 'redirect', 'setDraftMode', 'setPreviewData', 'clearPreviewData', 'revalidate'] as const;
export type HelperName = (typeof HELPERS)[number];

/** Dev-only hook for the 204/304-body warning (docs/next-behaviour.md §10.2 step 2, §13); undefined in production. */
export type BodyIgnoredWarning = (() => void) | undefined;

/** The exchange's slot for a helper bound to this response (`boundJson`, ...), made on first read. */
export type HelperSlot = `bound${Capitalize<HelperName>}`;

export function helperSlot(name: HelperName): HelperSlot {
  return `bound${name[0].toUpperCase()}${name.slice(1)}` as HelperSlot;
}

export interface Exchange extends Record<HelperSlot, AnyFunction | undefined> {
  req: IncomingMessage;
  route: MatchedRoute;
  /** The host's `req.url`, put back once the handler settled. */
  routerUrl: string;
  /** The host's `next`, for `onError: 'next'`. */
  next: ((err?: unknown) => void) | undefined;
  /** The URL the handler saw, for warnings. */
  url: string;
  options: ResolvedOptions;
  /** `req.previewData` as evaluated before the handler (docs/next-behaviour.md §9). */
  previewData: PreviewData;
  /** `req.query` and `req.body` where they are accessors on a derived prototype (Express). */
  query: unknown;
  body: unknown;
  // Response side, filled by patchResponse (response-helpers.ts).
  limit: false | number;
  written: number;
  setHeader: AnyFunction;
  write: AnyFunction;
  end: AnyFunction;
  warnBodyIgnored: BodyIgnoredWarning;
  /** Own properties replaced by the patch, to put back (`onError: 'next'`). */
  saved: Map<string, PropertyDescriptor> | undefined;
  /** The prototype the response came with, when the patch is a derived prototype. */
  base: object | undefined;
}

const EXCHANGE = Symbol('next-api-express exchange');

type WithExchange = IncomingMessage & { [EXCHANGE]?: Exchange };

/** Exchanges of framework-shaped requests (and of their responses once patched), by request and by response. */
const beside = new WeakMap<object, Exchange>();

/** A request as `node:http` made it: its layout is shared, so the exchange goes on it. */
export function isPlainRequest(req: IncomingMessage): boolean {
  return Object.getPrototypeOf(req) === IncomingMessage.prototype;
}

const unset: AnyFunction = () => undefined;

/** Starts the exchange of a request (before the request properties are defined). */
export function openExchange(
  req: IncomingMessage,
  route: MatchedRoute,
  routerUrl: string,
  next: ((err?: unknown) => void) | undefined,
  url: string,
  options: ResolvedOptions,
  previewData: PreviewData,
): Exchange {
  const exchange: Exchange = {
    req,
    route,
    routerUrl,
    next,
    url,
    options,
    previewData,
    query: undefined,
    body: undefined,
    limit: false,
    written: 0,
    setHeader: unset,
    write: unset,
    end: unset,
    warnBodyIgnored: undefined,
    // One slot per helper, in the object itself (no second object per request).
    boundStatus: undefined,
    boundSend: undefined,
    boundJson: undefined,
    boundRedirect: undefined,
    boundSetDraftMode: undefined,
    boundSetPreviewData: undefined,
    boundClearPreviewData: undefined,
    boundRevalidate: undefined,
    saved: undefined,
    base: undefined,
  };
  if (isPlainRequest(req)) (req as WithExchange)[EXCHANGE] = exchange;
  else beside.set(req, exchange);
  return exchange;
}

export function exchangeOfRequest(req: IncomingMessage): Exchange {
  return (isPlainRequest(req) ? (req as WithExchange)[EXCHANGE] : beside.get(req)) as Exchange;
}

/**
 * A response patched through shared descriptors (a derived prototype, or own
 * accessors over another middleware's wrappers) on a framework's request
 * finds its exchange beside it; a plain `node:http` response reaches it
 * through `res.req`.
 */
export function keepExchangeBeside(res: ServerResponse, exchange: Exchange): void {
  beside.set(res, exchange);
}

/** The exchange of a patched response, or undefined for one this package never patched. */
export function exchangeOf(res: ServerResponse): Exchange {
  if (Object.getPrototypeOf(res) === ServerResponse.prototype) {
    const req = res.req as IncomingMessage | undefined;
    return (req ? exchangeOfRequest(req) : undefined) as Exchange;
  }
  return beside.get(res) as Exchange;
}
