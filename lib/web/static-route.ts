/**
 * GET handlers Next prerenders at build time, served as `next start` serves
 * them (docs/next-behaviour.md §30, §32). A route is a candidate when it
 * exports GET and no other method but HEAD, does not opt out
 * (`dynamic = 'force-dynamic'`, `revalidate = 0`, edge runtime) and opts in
 * (`dynamic = 'force-static'`, `revalidate = N`, `generateStaticParams`).
 *
 * What the build does happens on the route's first request instead: the GET
 * handler runs once per path (each listed by `generateStaticParams`, or the
 * requested one) without the client's request. Under `force-static` it sees
 * an empty request; otherwise reading per-request data ends the prerender
 * and the route is answered per request from then on. A prerendered answer
 * is cached (web/route-cache.ts) and served to every GET and HEAD with
 * `Cache-Control: s-maxage=…`; once `revalidate` seconds old it is served
 * stale while a fresh one renders. Other methods get 405.
 */
import type { AppRouteModule, RouteParams } from './handler-call';
import { endEmpty, staticMethodNotAllowed } from './plain-answers';
import { pagePath, prerender } from './prerender';
import type { AppRouteRun } from './run-context';
import { hasNoBody, writeHead } from './send-response';
import type { RouteCacheEntry } from '../types';


/** Next's default expiry of a cached answer: one year. */
const EXPIRE_SECONDS = 31536000;

const OTHER_METHODS = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/** The answer of `isPrerenderCandidate` per loaded route module: it asks on every request, the module never changes. */
const prerenderCandidates = new WeakMap<AppRouteModule, boolean>();

/** Whether Next's build would try to prerender this route's GET (worked out once per loaded module). */
export function isPrerenderCandidate(route: AppRouteModule): boolean {
  let candidate = prerenderCandidates.get(route);
  if (candidate === undefined) prerenderCandidates.set(route, (candidate = wouldPrerender(route)));
  return candidate;
}

function wouldPrerender(route: AppRouteModule): boolean {
  const { handlers, config } = route;
  if (!handlers.GET || OTHER_METHODS.some((m) => handlers[m])) return false;
  if (config.runtime === 'edge' || config.dynamic === 'force-dynamic') return false;
  if (config.dynamic === 'force-static' || config.dynamic === 'error') return true;
  if (config.revalidate === 0) return false;
  return typeof config.revalidate === 'number' || route.generateStaticParams !== undefined;
}

interface RouteState {
  kind: 'unknown' | 'static' | 'dynamic';
  /** Param sets `generateStaticParams` listed, by `paramKey`. */
  listed: Set<string> | undefined;
  classifying: Promise<void> | undefined;
  /** A path rendered while classifying that Next's build would not have rendered (a dynamic route without `generateStaticParams`). */
  renderedOnDemand: string | undefined;
}

/** Per loaded module: a watch-mode reload starts over. */
const states = new WeakMap<AppRouteModule, RouteState>();

function stateOf(route: AppRouteModule): RouteState {
  let state = states.get(route);
  if (!state) states.set(route, (state = { kind: 'unknown', listed: undefined, classifying: undefined, renderedOnDemand: undefined }));
  return state;
}

function paramKey(params: RouteParams): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}

function cacheControl(revalidate: number | false): string {
  if (revalidate === false) return `s-maxage=${EXPIRE_SECONDS}`;
  return revalidate < EXPIRE_SECONDS ? `s-maxage=${revalidate}, stale-while-revalidate=${EXPIRE_SECONDS - revalidate}` : `s-maxage=${revalidate}`;
}

/** `generateStaticParams()`'s list, each entry a params object. */
async function listedParams(route: AppRouteModule): Promise<RouteParams[]> {
  const listed: unknown = await (route.generateStaticParams as () => unknown)();
  if (!Array.isArray(listed)) throw new TypeError(`generateStaticParams of ${route.file} must return an array of params objects`);
  return listed.map((p) => ({ ...(p as RouteParams) }));
}

/** What the build decides once per route: static (answers cached) or dynamic. */
async function classify(run: AppRouteRun, state: RouteState): Promise<void> {
  const { route, cache } = run;
  const sets = route.generateStaticParams ? await listedParams(route) : [run.target.params];
  if (route.generateStaticParams) state.listed = new Set(sets.map(paramKey));
  for (const params of sets) {
    // Rendered already (by another instance sharing the store, or before a watch-mode reload).
    if (await cache.get(pagePath(route.page, params))) continue;
    const result = await prerender(run, params);
    if (result.kind === 'dynamic') {
      state.kind = 'dynamic';
      return;
    }
    const key = pagePath(route.page, params);
    if (result.kind === 'static') await cache.set(key, route.page, result.entry);
    else run.settings.logger.error('⨯', result.error);
    if (!route.generateStaticParams && route.page.includes('[')) state.renderedOnDemand = key;
  }
  state.kind = 'static';
}

/**
 * Next's `x-nextjs-cache`: `HIT` for an answer from the cache (one rendered
 * when the route was first classified counts: Next rendered it at build
 * time), `MISS` for one rendered for this request, `STALE` for an old one
 * served while a fresh one renders.
 */
type CacheState = 'HIT' | 'MISS' | 'STALE';

function serveEntry(run: AppRouteRun, entry: RouteCacheEntry, method: string, state: CacheState): void {
  const { res } = run;
  const { response } = entry;
  const headers = new Headers();
  for (const [name, value] of response.headers) headers.append(name, value);
  writeHead(res, response.status, response.statusText, headers);
  res.setHeader('x-nextjs-cache', state);
  res.setHeader('cache-control', cacheControl(entry.revalidate));
  if (hasNoBody(response.status, method)) {
    res.end();
    return;
  }
  res.write(response.body.byteLength ? response.body : '');
  res.end();
}

function isStale(entry: RouteCacheEntry): boolean {
  return entry.revalidate !== false && Date.now() - entry.storedAt > entry.revalidate * 1000;
}

/** A fresh answer for `key` in the background, after a stale one went out. */
function regenerate(run: AppRouteRun, state: RouteState, key: string): void {
  run.cache.regenerateOnce(key, async () => {
    const result = await prerender(run, run.target.params);
    if (result.kind === 'static') await run.cache.set(key, run.route.page, result.entry);
    else if (result.kind === 'dynamic') {
      state.kind = 'dynamic';
      await run.cache.delete(key);
    } else run.settings.logger.error('⨯', result.error);
  });
}

/**
 * Answers a GET or HEAD from the cache (rendering it first if needed), or a
 * 405; `'dynamic'` when the route turned out to be per-request, `'pass'` for
 * params `generateStaticParams` did not list under `dynamicParams = false`.
 */
export async function answerStatic(run: AppRouteRun, method: string): Promise<'answered' | 'dynamic' | 'pass'> {
  const { route, cache, target } = run;
  const state = stateOf(route);
  if (state.kind === 'unknown') {
    try {
      await (state.classifying ??= classify(run, state));
    } catch (err) {
      state.classifying = undefined;
      run.settings.logger.error('⨯', err);
      endEmpty(run.res, 500);
      return 'answered';
    }
  }
  if (state.kind === 'dynamic') return 'dynamic';
  if (method !== 'GET' && method !== 'HEAD') {
    staticMethodNotAllowed(run.res);
    return 'answered';
  }
  if (state.listed && !route.config.dynamicParams && !state.listed.has(paramKey(target.params))) return 'pass';
  const key = pagePath(route.page, target.params);
  let entry = await cache.get(key);
  let cacheState: CacheState = 'HIT';
  if (state.renderedOnDemand === key) {
    state.renderedOnDemand = undefined;
    cacheState = 'MISS';
  }
  if (!entry) {
    cacheState = 'MISS';
    const result = await prerender(run, target.params);
    if (result.kind === 'dynamic') {
      state.kind = 'dynamic';
      return 'dynamic';
    }
    if (result.kind === 'error') {
      run.settings.logger.error('⨯', result.error);
      endEmpty(run.res, 500);
      return 'answered';
    }
    entry = result.entry;
    await cache.set(key, route.page, entry);
  } else if (isStale(entry)) {
    cacheState = 'STALE';
    regenerate(run, state, key);
  }
  serveEntry(run, entry, method, cacheState);
  return 'answered';
}
