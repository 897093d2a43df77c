/**
 * What the three test apps (`createTestApp`, `testHandler`, `testRoute`)
 * share: the public `TestApp` shape, what the test app does where a host
 * would take over (`next()`, `next(err)`), and the checks of the options
 * they have in common.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OptionError, RouteLoadError } from '../errors';
import { givenOptions, MOUNT_OPTION_NAMES } from '../options';
import { endPlain } from '../pages/send';
import { compileMatcher, type Matcher } from '../routing/matcher';
import { buildRoutes } from '../routing/precedence';
import { endEmpty, internalServerErrorText } from '../web/plain-answers';
import { RSC_VARY } from '../web/send-response';
import type { NextFunction } from './answer';
import type { TestRecorder, LogEntry } from './test-recorder';

export interface TestApp {
  /** A `node:http` request listener: give it to supertest's `request(app)` or `http.createServer(app)`. */
  (req: IncomingMessage, res: ServerResponse): void;
  /** Every error a handler threw (or a route file failed to load with), oldest first. */
  readonly errors: readonly unknown[];
  /** Every line the library logged (errors, dev warnings), oldest first. */
  readonly logs: readonly LogEntry[];
  /** Forgets `errors` and `logs`, e.g. in `beforeEach`. */
  clear(): void;
  /** Stops watch mode's watchers, if `watch` was set; otherwise nothing to stop. */
  close(): Promise<void>;
}

export type RouteParams = Record<string, string | string[]>;

/** The options each test helper takes (README "Testing your routes"), each set once. */
const RECORDER_OPTIONS = ['throwErrors', 'logger'];
export const TEST_OPTIONS = {
  createTestApp: [...new Set([...MOUNT_OPTION_NAMES.filter((name) => name !== 'onError'), ...RECORDER_OPTIONS])],
  testHandler: ['route', 'params', 'config', ...RECORDER_OPTIONS, 'dev', 'preview', 'revalidate', 'trailingSlash'],
  testRoute: ['route', 'params', 'config', 'cache', ...RECORDER_OPTIONS, 'dev', 'preview', 'trailingSlash', 'enforceMaxDuration'],
} as const;

/**
 * Throws for a name `helper` does not take, with the nearest it does and its
 * whole list: a misspelt `throwErrors` must not quietly do nothing, nor an
 * option that only means something to a folder (`watch` for `testHandler`).
 */
export function checkTestOptions(helper: keyof typeof TEST_OPTIONS, options: unknown): void {
  // Plain-JS callers: `onError` would otherwise be overridden without a word.
  if (typeof options === 'object' && options !== null && 'onError' in options) {
    throw new OptionError('onError', 'is not an option of the test helpers: a handler error is answered with 500 and kept in app.errors');
  }
  givenOptions(options, TEST_OPTIONS[helper], `${helper}()`);
}

/** How a router answers a handler error when it answers errors itself (`onError: 'respond'`). */
export type FailureAnswer = (res: ServerResponse) => void;

/**
 * `appRoutes()`'s own answer to a failed handler (web/app-route.ts): an empty
 * 500 with Next's Vary (taken off before `next(err)`), or Next's plain-text
 * 500 on the edge runtime.
 */
export function appRouteFailure(runtime: 'nodejs' | 'edge'): FailureAnswer {
  return (res) => {
    if (runtime === 'edge') return internalServerErrorText(res, true);
    res.setHeader('vary', RSC_VARY);
    endEmpty(res, 500);
  };
}

/**
 * What a host app does after the middleware: `next()` passes an unmatched
 * URL on (here: a plain 404), `next(err)` hands over an error (even `throw
 * undefined`), so the argument count tells them apart. The error is kept,
 * and answered as the router that failed answers it (`failure`: the App
 * Router's; by default the Pages Router's plain 500, also a file's that
 * does not load).
 */
export function hostNext(recorder: TestRecorder, res: ServerResponse, failure?: () => FailureAnswer | undefined): NextFunction {
  return (...args: unknown[]) => {
    if (args.length === 0) return endPlain(res, 404, 'Not Found');
    const [err] = args;
    const answer = err instanceof RouteLoadError ? undefined : failure?.();
    if (!answer) return recorder.fail(err, res);
    recorder.record(err);
    if (!res.headersSent) answer(res);
  };
}

export function define<T extends TestApp>(app: T, recorder: TestRecorder, close: () => Promise<void>): T {
  Object.defineProperty(app, 'errors', { enumerable: true, get: () => recorder.errors });
  Object.defineProperty(app, 'logs', { enumerable: true, get: () => recorder.logs });
  app.clear = () => recorder.clear();
  app.close = close;
  return app;
}

export function checkParams(params: unknown): RouteParams {
  if (params === undefined) return {};
  const ok = (v: unknown): boolean => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
  if (!params || typeof params !== 'object' || !Object.values(params).every(ok)) {
    throw new OptionError('params', 'must be an object of strings or string arrays, e.g. { id: "1" }');
  }
  return { ...(params as RouteParams) };
}

/**
 * The one-route matcher for `route` (a page such as `/api/users/[id]`), built
 * and checked like a folder's (Next's segment errors included). `pagePrefix`
 * is the folder prefix of the page's router: `/api` for pages, `''` for the App Router.
 */
export function routeMatcher(route: unknown, file: string, pagePrefix: string): Matcher {
  if (typeof route !== 'string' || !route.startsWith('/') || route.includes('//') || (route.length > 1 && route.endsWith('/'))) {
    throw new OptionError('route', `must be a page path such as "/api/users/[id]" (received ${JSON.stringify(route)})`);
  }
  return compileMatcher(buildRoutes([{ file, route }], pagePrefix));
}
