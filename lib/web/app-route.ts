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
import { callHandler, seesArguments, type AppRouteHandlerFunction, type AppRouteModule, type RequestSourceLike } from './handler-call';
import type { NextRequest } from './next-request';
import { ExchangeSignal, pathOf, RequestSource, UnusableHostError } from './node-request';
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

/** What a failed send becomes: a body stream failing part-way ends the connection (§28); anything else is a failed handler. */
function sendFailed(run: AppRouteRun, err: unknown): void {
  if (!isPipeFailure(err)) return failed(run, err);
  run.settings.logger.error('⨯', err);
  destroyAfterFlush(run.res);
}

/** Sends the handler's answer: at once, or — for a body that must be pulled — by the promise returned (which never rejects). */
function deliver(run: AppRouteRun, response: Response, method: string): void | Promise<void> {
  if (run.res.writableEnded || run.res.destroyed) {
    // Too late (enforceMaxDuration answered, or the client left): the body is not wanted.
    response.body?.cancel().catch(() => {});
    return;
  }
  let sending: void | Promise<void>;
  try {
    sending = sendResponse(run.res, response, method);
  } catch (err) {
    return sendFailed(run, err);
  }
  if (sending) return sending.catch((err: unknown) => sendFailed(run, err));
}

/** Next's plain-text 500 for a request the Fetch `Request` could not be built from (§22). */
function unbuildable(run: AppRouteRun, err: unknown): void {
  run.settings.logger.error('⨯', err);
  internalServerErrorText(run.res, false);
}

/**
 * The method's handler, in its request store, through plain promise
 * callbacks rather than `async` functions (docs/design.md "Rules that keep it
 * fast"): the promise returned settles once the answer is sent, and never
 * rejects (nothing is returned when the answer was sent at once). The request is built here only for a handler that can see it
 * (web/handler-call.ts `seesArguments`); otherwise when something reads it.
 */
function answerDynamic(run: AppRouteRun, source: RequestSource, method: string): void | Promise<void> {
  const { route, res, target } = run;
  const handler = handlerFor(route, method);
  if (handler === METHOD_NOT_ALLOWED) return endEmpty(res, 405);
  if (handler === AUTOMATIC_OPTIONS) return answerOptions(res, allowedMethods(route));
  const forceStatic = route.config.dynamic === 'force-static';
  let seen: RequestSourceLike = source;
  if (forceStatic || seesArguments(handler)) {
    try {
      seen = forceStatic ? { request: forceStaticView(source.request, pathOf(target.url)) } : { request: source.request };
    } catch (err) {
      return unbuildable(run, err);
    }
  }
  const store = createStore(run, forceStatic ? 'force-static' : 'request', seen);
  // `after()` tasks are scheduled once the handler settled, whichever way.
  const answered = (response: Response): void | Promise<void> => {
    runAfterResponse(store, res);
    return deliver(run, response, method);
  };
  const threw = (err: unknown): void => {
    runAfterResponse(store, res);
    failed(run, err);
  };
  let outcome: Response | Promise<Response>;
  try {
    outcome = callHandler(handler, seen, target.params, store, route, target.url, method);
  } catch (err) {
    return threw(err);
  }
  return outcome instanceof Promise ? outcome.then(answered, threw) : answered(outcome);
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

/** A prerendered GET route: its cached answer, a pass, or — when it turned out dynamic — the handler. */
async function answerPrerendered(run: AppRouteRun, source: RequestSource, method: string): Promise<void> {
  const outcome = await answerStatic(run, method);
  if (outcome === 'answered') return;
  if (outcome === 'pass') {
    run.res.removeHeader('vary');
    return run.pass();
  }
  await answerDynamic(run, source, method);
}

/**
 * Answers one request to a matched App Router route. Never throws, and the
 * promise it returns while the answer is on its way never rejects.
 */
export function runAppRoute(run: AppRouteRun): void | Promise<void> {
  const { req, res, target, settings } = run;
  if (startsWithRscRedirect(run)) return;
  setVary(res, run);
  const exchange = new ExchangeSignal(res);
  const { maxDuration } = run.route.config;
  if (settings.enforceMaxDuration && maxDuration !== undefined) enforceMaxDuration(res, maxDuration, run.route, settings.logger, exchange);
  let source: RequestSource;
  let method: string;
  try {
    source = new RequestSource(req, target.url, target.search, exchange);
    method = source.ready();
  } catch (err) {
    if (err instanceof UnusableHostError) return badHostText(res);
    return unbuildable(run, err);
  }
  if (!KNOWN_METHODS.has(method)) return endEmpty(res, 400);
  let answering: void | Promise<void>;
  try {
    evaluatePreviewData(req, res, settings.preview, settings.development);
    answering = isPrerenderCandidate(run.route) && !isDraftRequest(source.request, run) ? answerPrerendered(run, source, method) : answerDynamic(run, source, method);
  } catch (err) {
    return failed(run, err);
  }
  if (answering) return answering.catch((err: unknown) => failed(run, err));
}
