/**
 * `next/server` for route files (docs/next-behaviour.md §24, §28, §29, §32):
 * what an App Router handler or an edge API route imports from it. A route
 * file importing `next/server` gets this module whether or not `next` is installed.
 */
import { requestStorage, storeFor, trackDynamic, type AfterTask } from '../request-store';

export { NextRequest, type NextRequestInit } from '../next-request';
export { NextResponse } from '../next-response';
export { NextURL } from '../next-url';
export { URLPattern, type URLPatternInit, type URLPatternResult } from '../url-pattern';
export { userAgent, userAgentFromString, type UserAgent } from '../user-agent';
export type { RequestCookie } from '../request-cookies';
export type { ResponseCookie, CookieOptions } from '../response-cookies';

/**
 * Runs `task` after the answer has been sent (a function), or keeps the
 * request's work alive until `task` settles (a promise). Errors are logged:
 * ``An error occurred in a function passed to `after()`:``.
 */
export function after<T>(task: PromiseLike<T> | (() => T | PromiseLike<T>)): void {
  const store = storeFor('after');
  if (typeof task !== 'function' && (typeof task !== 'object' || task === null || typeof (task as PromiseLike<T>).then !== 'function')) {
    throw new Error('`after()`: Argument must be a promise or a function');
  }
  if (typeof task === 'function') {
    store.afterTasks.push(task as AfterTask);
  } else {
    // Handled now: a promise may reject before the answer is out.
    store.afterTasks.push(Promise.resolve(task).then(undefined, (err: unknown) => store.logger.error('An error occurred in a function passed to `after()`:', err)));
  }
}

/**
 * Resolves when the handler may use per-request data. While a GET is
 * prerendered it ends the prerender, as Next's does: the route is then
 * answered per request.
 */
export function connection(): Promise<void> {
  trackDynamic(requestStorage.getStore(), 'connection()');
  return Promise.resolve();
}
