/**
 * One request to one App Router route handler, in the order `next start`
 * handles it (docs/next-behaviour.md §21–§33):
 *
 * 1. `RSC: 1` → 307 to the URL with Next's `_rsc` parameter (§33);
 * 2. Next's `Vary` (not on edge-runtime routes), the `NextRequest` (a method
 *    the Fetch `Request` refuses, `TRACE`, → Next's plain-text 500), a method
 *    Next does not know (`PROPFIND`) → 400;
 * 3. preview cookies evaluated (invalid ones cleared, §27);
 * 4. a prerendered GET route → its cached answer (web/static-route.ts, §32);
 * 5. the method's handler — HEAD runs GET, OPTIONS answers 204 with `Allow`,
 *    a missing method 405 (§22) — in its request store; its `Response` is
 *    written (web/send-response.ts), errors are logged and answered with an
 *    empty 500 (§31), or handed to `next(err)` with `onError: 'next'`;
 * 6. `after()` tasks once the answer is out.
 */
import type { ServerResponse } from 'node:http';
import { evaluatePreviewData } from '../preview/preview-mode';
import { runAfterResponse } from './after';
import { callHandler, type AppRouteHandlerFunction, type AppRouteModule } from './handler-call';
import type { NextRequest } from './next-request';
import { createNextRequest, ExchangeSignal, nextQueryString, pathOf, requestOrigin, UnusableHostError } from './node-request';
import { answerOptions, badHostText, endEmpty, internalServerErrorText, rscRedirect } from './plain-answers';
import { forceStaticView } from './request-views';
import { cacheBustingParam, hasCacheBustingParam, isRscRequest } from './rsc';
import { createStore, type AppRouteRun } from './run-context';
import { destroyAfterFlush, isPipeFailure, RSC_VARY, sendResponse } from './send-response';
import { answerStatic, isPrerenderCandidate } from './static-route';
import { enforceMaxDuration } from './max-duration';

export type { AppRouteRun, RequestTarget } from './run-context';

/** The methods Next dispatches; any other is a 400 (§22). */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH']);

const METHOD_NOT_ALLOWED = Symbol('405');
const AUTOMATIC_OPTIONS = Symbol('204 Allow');

/** §22: the handler for `method`, GET for a HEAD without its own, or what Next answers itself. */
function handlerFor(route: AppRouteModule, method: string): AppRouteHandlerFunction | typeof METHOD_NOT_ALLOWED | typeof AUTOMATIC_OPTIONS {
  const own = route.handlers[method];
  if (own) return own;
  if (method === 'HEAD' && route.handlers.GET) return route.handlers.GET;
  if (method === 'OPTIONS') return AUTOMATIC_OPTIONS;
  return METHOD_NOT_ALLOWED;
}

/** `Allow` of the automatic OPTIONS: the exported methods, OPTIONS, HEAD with GET, sorted. */
export function allowedMethods(route: AppRouteModule): string {
  const methods = new Set(Object.keys(route.handlers).filter((m) => route.handlers[m]));
  methods.add('OPTIONS');
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort().join(', ');
}

/** Draft mode bypasses prerendered answers, as in Next. */
function isDraftRequest(request: NextRequest, run: AppRouteRun): boolean {
  return request.cookies.get('__prerender_bypass')?.value === run.settings.preview.previewModeId;
}

/**
 * A handler failed (or returned what cannot be sent): logged as Next logs it;
 * an empty 500 (Next's plain-text one on the edge runtime), or `next(err)`
 * with `onError: 'next'` while nothing was sent; a connection whose answer had
 * started is destroyed.
 */
function failed(run: AppRouteRun, err: unknown): void {
  const { res, settings } = run;
  settings.logger.error('⨯', err);
  if (res.writableEnded) return; // answered already (enforceMaxDuration's 504)
  if (res.headersSent) {
    destroyAfterFlush(res);
    return;
  }
  if (settings.onError === 'next' && run.next) {
    res.removeHeader('vary');
    run.next(err);
    return;
  }
  if (run.route.config.runtime === 'edge') return internalServerErrorText(res, true);
  endEmpty(res, 500);
}

/** Sends the handler's answer; a body stream failing part-way ends the connection (§28). */
async function deliver(run: AppRouteRun, response: Response, method: string): Promise<void> {
  if (run.res.writableEnded || run.res.destroyed) {
    // Too late (enforceMaxDuration answered, or the client left): the body is not wanted.
    response.body?.cancel().catch(() => {});
    return;
  }
  try {
    await sendResponse(run.res, response, method);
  } catch (err) {
    if (!(isPipeFailure(err))) return failed(run, err);
    run.settings.logger.error('⨯', err);
    destroyAfterFlush(run.res);
  }
}

async function answerDynamic(run: AppRouteRun, request: NextRequest): Promise<void> {
  const { route, res, target } = run;
  const method = request.method;
  const handler = handlerFor(route, method);
  if (handler === METHOD_NOT_ALLOWED) return endEmpty(res, 405);
  if (handler === AUTOMATIC_OPTIONS) return answerOptions(res, allowedMethods(route));
  const forceStatic = route.config.dynamic === 'force-static';
  const seen = forceStatic ? forceStaticView(request, pathOf(target.url)) : request;
  const store = createStore(run, forceStatic ? 'force-static' : 'request', seen);
  let response: Response;
  try {
    response = await callHandler(handler, seen, target.params, store, route, target.url);
  } catch (err) {
    return failed(run, err);
  } finally {
    runAfterResponse(store, res);
  }
  await deliver(run, response, method);
}

function startsWithRscRedirect(run: AppRouteRun): boolean {
  const { req, res, target } = run;
  if (!isRscRequest(req.headers)) return false;
  const hash = cacheBustingParam(req.headers);
  if (hasCacheBustingParam(target.search, hash)) return false;
  rscRedirect(res, pathOf(target.url), target.search, hash);
  return true;
}

function setVary(res: ServerResponse, run: AppRouteRun): void {
  if (run.route.config.runtime !== 'edge') res.setHeader('vary', RSC_VARY);
}

/** Answers one request to a matched App Router route. Never rejects. */
export async function runAppRoute(run: AppRouteRun): Promise<void> {
  const { req, res, target, settings } = run;
  if (startsWithRscRedirect(run)) return;
  setVary(res, run);
  const exchange = new ExchangeSignal(res);
  const { maxDuration } = run.route.config;
  if (settings.enforceMaxDuration && maxDuration !== undefined) enforceMaxDuration(res, maxDuration, run.route, settings.logger, exchange);
  let request: NextRequest;
  try {
    request = createNextRequest(req, requestOrigin(req) + pathOf(target.url) + nextQueryString(target.search), exchange);
  } catch (err) {
    if (err instanceof UnusableHostError) return badHostText(res);
    settings.logger.error('⨯', err);
    return internalServerErrorText(res, false);
  }
  if (!KNOWN_METHODS.has(request.method)) return endEmpty(res, 400);
  try {
    evaluatePreviewData(req, res, settings.preview, settings.development);
    if (isPrerenderCandidate(run.route) && !isDraftRequest(request, run)) {
      const outcome = await answerStatic(run, request.method);
      if (outcome === 'answered') return;
      if (outcome === 'pass') {
        res.removeHeader('vary');
        return run.pass();
      }
    }
    await answerDynamic(run, request);
  } catch (err) {
    failed(run, err);
  }
}
