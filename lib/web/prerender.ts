/**
 * One prerender of one GET route for one set of params, the way `next build`
 * renders it (docs/next-behaviour.md §32): a request with nothing of the
 * client's — under `force-static` an emptied one; otherwise one whose URL,
 * headers, cookies or body end the prerender (the route is then served per
 * request, or fails under `dynamic = 'error'`). The answer is read whole,
 * to be cached (web/static-route.ts).
 */
import { runAfterResponse } from './after';
import { callHandler, type AppRouteModule, type RouteParams } from './handler-call';
import { prerenderRequest, trackingView } from './request-views';
import { createStore, type AppRouteRun } from './run-context';
import { headerLines } from './send-response';
import type { RouteCacheEntry } from '../types';

/** The route's path in the Next app for these params: the cache key (`/api/posts/1`). */
export function pagePath(page: string, params: RouteParams): string {
  const parts: string[] = [];
  for (const part of page.split('/')) {
    const dynamic = /^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/.exec(part);
    if (!dynamic) {
      parts.push(part);
      continue;
    }
    const value = params[dynamic[1]];
    if (value === undefined) continue;
    parts.push((Array.isArray(value) ? value : [value]).map(encodeURIComponent).join('/'));
  }
  return parts.join('/') || '/';
}

export type Prerendered = { kind: 'static'; entry: RouteCacheEntry } | { kind: 'dynamic' } | { kind: 'error'; error: unknown };

/**
 * A prerender that used per-request data: the route is served per request —
 * unless it said `dynamic = 'error'`, which makes that Next's build error.
 */
function dynamicOutcome(route: AppRouteModule, usage: string): Prerendered {
  if (route.config.dynamic !== 'error') return { kind: 'dynamic' };
  return { kind: 'error', error: new Error(`Route ${route.page} with \`dynamic = "error"\` couldn't be rendered statically because it used \`${usage}\`.`) };
}

/** Runs GET for `params` the way Next's build does. */
export async function prerender(run: AppRouteRun, params: RouteParams): Promise<Prerendered> {
  const { route } = run;
  const forceStatic = route.config.dynamic === 'force-static';
  const path = pagePath(route.page, params);
  const base = prerenderRequest(path);
  const store = createStore(run, forceStatic ? 'force-static' : 'prerender', { request: base });
  const request = forceStatic ? base : trackingView(base, store);
  try {
    const response = await callHandler(route.handlers.GET as NonNullable<AppRouteModule['handlers']['GET']>, { request }, params, store, route, path, 'GET');
    const body = new Uint8Array(await response.arrayBuffer());
    if (store.dynamicUsage !== undefined) return dynamicOutcome(route, store.dynamicUsage);
    runAfterResponse(store, undefined);
    const entry: RouteCacheEntry = {
      response: { status: response.status, statusText: response.statusText, headers: headerLines(response.headers), body },
      storedAt: Date.now(),
      revalidate: forceStatic && route.config.revalidate === 0 ? false : route.config.revalidate,
    };
    return { kind: 'static', entry };
  } catch (error) {
    if (store.dynamicUsage !== undefined) return dynamicOutcome(route, store.dynamicUsage);
    return { kind: 'error', error };
  }
}
