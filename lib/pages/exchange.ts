/**
 * The per-request state of one Pages-Router call, request and response side
 * together (docs/design.md "Rules that keep it fast"): one object whose fields
 * are all there from the start, so every exchange shares one V8 layout.
 *
 * It is one symbol property of `req`, reached from the response through
 * `res.req`. On Express that property add builds a new V8 hidden class every
 * request (exchange lookups there miss V8's caches too), but the one
 * alternative measured, a WeakMap beside `req` and `res`, is dearer: V8's
 * young-generation GC treats the values of a long-lived WeakMap as live
 * whatever their keys, so each scavenge kept every request answered since the
 * last one (reachable from its exchange) and moved it to the old generation:
 * 5.33 instead of 4.33 mark-compacts per 10,000 requests (bench/README.md "Phase 6").
 */
import { IncomingMessage, type ServerResponse } from 'node:http';
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
  /**
   * `req` came as node:http made it (its prototype is `IncomingMessage.prototype`),
   * not switched by a framework: asked once, as `Object.getPrototypeOf` goes
   * through V8's runtime on every call (bench/README.md "Phase 7").
   */
  plainRequest: boolean;
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
    plainRequest: Object.getPrototypeOf(req) === IncomingMessage.prototype,
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
  (req as WithExchange)[EXCHANGE] = exchange;
  return exchange;
}

export function exchangeOfRequest(req: IncomingMessage): Exchange {
  return (req as WithExchange)[EXCHANGE] as Exchange;
}

/** The exchange of a patched response, or undefined for one this package never patched. */
export function exchangeOf(res: ServerResponse): Exchange {
  return (res.req as WithExchange | undefined)?.[EXCHANGE] as Exchange;
}
