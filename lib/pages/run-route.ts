/**
 * One request through one handler: docs/next-behaviour.md §1 (pipeline order), §12 (errors) and
 * §13 (dev warnings). The middleware has already matched the route and loaded
 * the module; everything per-request that Next's `prepare` + `apiResolver` do
 * happens here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeAfterAnswering, mustCloseConnection, MUST_READ, readBody, settledBody, streamConsumed, type BodyLimit } from './read-body';
import type { RouteConfig } from '../config';
import type { ResolvedOptions } from '../options';
import { endLateListeners } from './drained-stream';
import { openExchange, type Exchange, type MatchedRoute } from './exchange';
import { evaluatePreviewData } from '../preview/preview-mode';
import { defineRequestProperties, setRequestBody, upstreamBody } from './request-properties';
import { patchResponse, unpatchResponse } from './response-helpers';
import { sendError, sendServerError } from './send';
import type { NextApiRequest, NextApiResponse } from '../types';
import { ApiError } from '../errors';

export type { MatchedRoute };

export interface RequestTarget {
  /** What the handler sees as `req.url`: the URL as the client sent it, mount prefix included. */
  url: string;
  /** Raw query string without `?`, `''` when none. */
  search: string;
  /** Decoded route params; an optional catch-all with zero segments has no key. */
  params: Record<string, string | string[]>;
}

/** Routes (by their loaded config) already warned about a drained stream: once each, not per request. */
const warnedConsumedStream = new WeakSet<RouteConfig>();

const RESPONSE_RETURNED =
  'API route returned a Response object in the Node.js runtime, this is not supported. Please use `runtime: "edge"` instead: https://nextjs.org/docs/api-routes/edge-api-routes';

/**
 * Runs `route.handler` for this request with Next's semantics. Synchronous
 * as long as it can be (docs/design.md "Rules that keep it fast"): it returns
 * a promise only when the body must be read, the handler returns a thenable,
 * or in `dev` (whose checks wait for the handler to settle). That promise
 * resolves when the handler's promise has settled and any error response has
 * been started; it never rejects (errors go to the response, the logger, or
 * `next`).
 */
export function runApiRoute(
  req: IncomingMessage,
  res: ServerResponse,
  route: MatchedRoute,
  target: RequestTarget,
  options: ResolvedOptions,
  next?: (err?: unknown) => void,
): void | Promise<void> {
  // The handler sees the client's URL; the router's own `req.url` comes back
  // once the handler settles (docs/design.md "Deliberate differences").
  const routerUrl = req.url as string;
  req.url = target.url;
  const { config } = route;
  if (options.enforceMaxDuration && config.maxDuration !== undefined) enforceMaxDuration(req, res, route, options);

  try {
    // Read once: on a request whose layout Express made, every load from `req` misses V8's caches (exchange.ts).
    const headers = req.headers;
    // §1 step 2 (Next's `prepare`): preview cookies are evaluated eagerly, which
    // may append clearing Set-Cookie headers (§9).
    const previewData = evaluatePreviewData(req, res, options.preview, options.development, headers);
    const exchange = openExchange(req, route, routerUrl, next, target.url, options, previewData);

    // Steps 4.3-4.5.
    defineRequestProperties(req, exchange, target.search, target.params);

    // Step 4.6: body errors are Next's own ApiErrors, answered before the handler runs.
    if (config.bodyParser !== false) {
      const body = settledBody(req, upstreamBody(req, exchange), headers);
      if (body === MUST_READ) return readThenCall(res, exchange);
      setRequestBody(req, exchange, body);
    } else if (streamConsumed(req)) {
      warnConsumedStream(route, options);
      endLateListeners(req);
    }
    return callHandler(res, exchange);
  } catch (err) {
    req.url = routerUrl;
    handleError(err, res, route, options, next);
  }
}

/** The handler settled (or never ran): the host's `req.url` comes back. */
function finish(exchange: Exchange): void {
  exchange.req.url = exchange.routerUrl;
}

/** Anything thrown once the exchange is open: the host's URL back, then §12. */
function fail(err: unknown, res: ServerResponse, exchange: Exchange): void {
  finish(exchange);
  handleError(err, res, exchange.route, exchange.options, exchange.next);
}

/** Step 4.6 when the stream must be read: the one road that always awaits. */
async function readThenCall(res: ServerResponse, exchange: Exchange): Promise<void> {
  try {
    if (!(await readBodyOrAnswer(exchange.req, res, exchange, exchange.route.config.bodyParser as BodyLimit))) return finish(exchange);
  } catch (err) {
    return fail(err, res, exchange);
  }
  return callHandler(res, exchange);
}

/** Steps 4.7-4.10: the response patch, the handler, and what follows it. */
function callHandler(res: ServerResponse, exchange: Exchange): void | Promise<void> {
  const { req, route } = exchange;
  let result: unknown;
  try {
    // Steps 4.7-4.8 (and Next's setHeader patch of step 2): byte counting,
    // writes after the end dropped, Next's helpers; pipe tracking for the dev warning.
    if (exchange.options.dev) return callHandlerDev(res, exchange);
    patchResponse(res, exchange, route.config);
    // Step 4.9.
    result = route.handler(req as NextApiRequest, res as NextApiResponse);
  } catch (err) {
    return fail(err, res, exchange);
  }
  if (isThenable(result)) return settle(result, res, exchange);
  finish(exchange);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** A handler that returned a promise (or any thenable): awaited, as Next awaits it. */
async function settle(result: PromiseLike<unknown>, res: ServerResponse, exchange: Exchange): Promise<void> {
  try {
    await result;
    finish(exchange);
  } catch (err) {
    fail(err, res, exchange);
  }
}

/** `dev`: always awaited, so the checks of §13 run once the handler settled, whatever it returned. */
async function callHandlerDev(res: ServerResponse, exchange: Exchange): Promise<void> {
  const { req, route, options } = exchange;
  try {
    let wasPiped = false;
    res.once('pipe', () => (wasPiped = true));
    patchResponse(res, exchange, route.config);
    const result = await route.handler(req as NextApiRequest, res as NextApiResponse);
    finish(exchange);
    // Step 4.10 (§13): dev-only checks, after the handler resolved.
    checkAfterHandler(result, res, route, exchange.url, wasPiped, options);
  } catch (err) {
    fail(err, res, exchange);
  }
}

/**
 * Reads `req.body`; on a body error answers it (413/400, §8) and returns
 * false. When the rest of the body is left unread (large or of unknown size),
 * the answer closes the connection instead of reading the body to its end.
 */
async function readBodyOrAnswer(req: IncomingMessage, res: ServerResponse, exchange: Exchange, limit: BodyLimit): Promise<boolean> {
  let body: unknown;
  try {
    body = await readBody(req, limit);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (res.headersSent) return false;
    if (mustCloseConnection(req)) closeAfterAnswering(req, res);
    sendError(res, err.status, err.message);
    return false;
  }
  setRequestBody(req, exchange, body);
  return true;
}

/**
 * The `enforceMaxDuration` option (beyond `next start`, which ignores
 * `config.maxDuration`; hosting platforms stop the function instead): once the
 * route's time is up, from the request's arrival, a client that got nothing
 * yet gets `504 Gateway Timeout` (with `Connection: close`) and the handler's
 * request is destroyed once that is sent, so `req.on('close')` and
 * `req.destroyed` tell the handler to stop; a response already started is cut
 * off (the client sees it truncated). The handler's later writes are dropped.
 */
function enforceMaxDuration(req: IncomingMessage, res: ServerResponse, route: MatchedRoute, options: ResolvedOptions): void {
  const seconds = route.config.maxDuration as number;
  const timer = setTimeout(() => {
    if (res.writableEnded) return;
    options.logger.error(`API route ${route.page} (${route.file}) ran past its config.maxDuration of ${seconds}s (enforceMaxDuration): ${res.headersSent ? 'the response was cut off' : 'answered 504'}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.setHeader('Connection', 'close');
    res.once('finish', () => req.destroy());
    sendError(res, 504, 'Gateway Timeout');
  }, seconds * 1000).unref();
  res.once('close', () => clearTimeout(timer));
}

/**
 * Next hands a `bodyParser: false` route the untouched stream; here a body
 * parser mounted before the folder may have drained it already (the handler
 * then reads an empty stream that ends at once, drained-stream.ts). Said once
 * per route file, not per request.
 */
function warnConsumedStream(route: MatchedRoute, options: ResolvedOptions): void {
  if (warnedConsumedStream.has(route.config)) return;
  warnedConsumedStream.add(route.config);
  options.logger.warn(
    `API route ${route.page} (${route.file}) has config.api.bodyParser = false, but middleware before it already read the request body ` +
      '(express.json() or similar), so the handler reads an empty stream instead of the raw body. Mount body parsers after apiRoutes(), or only on the routes that need them.',
  );
}

/** §13: what Next's dev server checks once the handler's promise settled. */
function checkAfterHandler(result: unknown, res: ServerResponse, route: MatchedRoute, url: string, wasPiped: boolean, options: ResolvedOptions): void {
  if (result !== undefined) {
    if (typeof Response === 'function' && result instanceof Response) throw new Error(RESPONSE_RETURNED);
    options.logger.warn(`API handler should not return a value, received ${typeof result}.`);
  }
  if (!route.config.externalResolver && !res.writableEnded && !res.headersSent && !wasPiped) {
    options.logger.warn(`API resolved without sending a response for ${url}, this may result in stalled requests.`);
  }
}

/**
 * §12 for anything that is not a body error: log it with the page and file;
 * with `onError: 'next'` and a `next`, hand it to Express error middleware if
 * nothing was sent yet (with Express's own `res` helpers restored); otherwise
 * Next's plain `500 Internal Server Error` (with the message and stack under
 * NODE_ENV=development), appended to a response already started, or only
 * logged when the response has ended.
 */
function handleError(
  err: unknown,
  res: ServerResponse,
  route: MatchedRoute,
  options: ResolvedOptions,
  next: ((err?: unknown) => void) | undefined,
): void {
  options.logger.error(`Error in API route ${route.page} (${route.file}):`, err);
  if (options.onError === 'next' && next && !res.headersSent) {
    unpatchResponse(res);
    next(err);
    return;
  }
  if (res.writableEnded) return;
  try {
    sendServerError(res, err, options.development);
  } catch (sendErr) {
    options.logger.error(`Could not send the error response for ${route.page}:`, sendErr);
    if (!res.writableEnded) res.destroy();
  }
}
