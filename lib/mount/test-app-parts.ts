/**
 * What the three test apps (`createTestApp`, `testHandler`, `testRoute`)
 * share: the public `TestApp` shape, what the test app does where a host
 * would take over (`next()`, `next(err)`), and the checks of the options
 * they have in common.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OptionError } from '../errors';
import { endPlain } from '../pages/send';
import { compileMatcher, type Matcher } from '../routing/matcher';
import { buildRoutes } from '../routing/precedence';
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

export function rejectOnError(options: object): void {
  // Plain-JS callers: `onError` would otherwise be overridden without a word.
  if ('onError' in options) throw new OptionError('onError', 'is not an option of the test helpers: a handler error is answered with 500 and kept in app.errors');
}

/**
 * What a host app does after the middleware: `next()` passes an unmatched
 * URL on (here: a plain 404), `next(err)` hands over an error (even `throw
 * undefined`), so the argument count tells them apart.
 */
export function hostNext(recorder: TestRecorder, res: ServerResponse): NextFunction {
  return (...args: unknown[]) => (args.length === 0 ? endPlain(res, 404, 'Not Found') : recorder.fail(args[0], res));
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
