/**
 * A `pages/api` file with `export const config = { runtime: 'edge' }`: its
 * default export is a Web handler, `(request: NextRequest) => Response`
 * (docs/next-behaviour.md §20–§31 for the Web parts). What differs from an App
 * Router route, as in Next:
 *
 * - every method reaches the handler (no 405, no automatic OPTIONS; HEAD gets no body);
 * - the route's params are added to the query of `request.url` (`?x=1&id=42`);
 * - no RSC `Vary`, no `_rsc` redirect, and the RSC request headers removed;
 * - a failure is answered like a Pages Router route's: a plain
 *   `500 Internal Server Error` (Next serves its HTML error page; see
 *   docs/design.md "Plain-text errors").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedOptions } from '../options';
import { evaluatePreviewData } from '../preview/preview-mode';
import { isResponse, type RouteParams } from './handler-call';
import { badHostText } from './plain-answers';
import { createNextRequest, ExchangeSignal, FLIGHT_HEADERS, nextQueryString, pathOf, requestHeaders, requestOrigin, UnusableHostError } from './node-request';
import type { NextRequest } from './next-request';
import type { RequestTarget } from './run-context';
import { enforceMaxDuration } from './max-duration';
import { destroyAfterFlush, isPipeFailure, sendResponse } from './send-response';

export interface EdgeApiRoute {
  page: string;
  file: string;
  handler: (request: NextRequest, event: { waitUntil(promise: PromiseLike<unknown>): void }) => unknown;
  config: { maxDuration: number | undefined };
}

/** The Pages Router's plain 500 (docs/next-behaviour.md §12). */
function internalServerError(res: ServerResponse): void {
  res.statusCode = 500;
  res.statusMessage = 'Internal Server Error';
  res.end('Internal Server Error');
}

function failed(res: ServerResponse, err: unknown, settings: ResolvedOptions, next: ((err?: unknown) => void) | undefined): void {
  settings.logger.error('⨯', err);
  if (res.writableEnded) return; // answered already (enforceMaxDuration's 504)
  if (res.headersSent || isPipeFailure(err)) {
    destroyAfterFlush(res);
    return;
  }
  if (settings.onError === 'next' && next) return next(err);
  internalServerError(res);
}

/** `event.waitUntil(promise)`: the promise is awaited in the background, its failure logged. */
function fetchEvent(settings: ResolvedOptions): { waitUntil(promise: PromiseLike<unknown>): void } {
  return {
    waitUntil(promise) {
      Promise.resolve(promise).catch((err: unknown) => settings.logger.error('⨯', err));
    },
  };
}

export async function runEdgeApiRoute(
  req: IncomingMessage,
  res: ServerResponse,
  route: EdgeApiRoute,
  target: RequestTarget,
  settings: ResolvedOptions,
  next?: (err?: unknown) => void,
): Promise<void> {
  let response: Response;
  const exchange = new ExchangeSignal(res);
  const { maxDuration } = route.config;
  if (settings.enforceMaxDuration && maxDuration !== undefined) enforceMaxDuration(res, maxDuration, route, settings.logger, exchange);
  try {
    const params: RouteParams = target.params;
    const url = requestOrigin(req) + pathOf(target.url) + nextQueryString(target.search, Object.keys(params).length ? params : undefined);
    const headers = requestHeaders(req);
    for (const name of FLIGHT_HEADERS) delete headers[name];
    const request = createNextRequest(req, url, exchange, headers);
    evaluatePreviewData(req, res, settings.preview, settings.development);
    const result = await route.handler(request, fetchEvent(settings));
    // Next answers `undefined` with an empty 200 (its middleware "next" signal); a missing answer is an error here.
    if (!isResponse(result)) throw new TypeError('Expected an instance of Response to be returned');
    response = result;
  } catch (err) {
    if (err instanceof UnusableHostError) return badHostText(res);
    return failed(res, err, settings, next);
  }
  if (res.writableEnded || res.destroyed) {
    response.body?.cancel().catch(() => {});
    return;
  }
  try {
    await sendResponse(res, response, req.method ?? 'GET');
  } catch (err) {
    failed(res, err, settings, next);
  }
}
