/**
 * What `next/headers`, `next/cache`, `after()` and `connection()` know about
 * the request being handled: one store per handler call, found through
 * `AsyncLocalStorage`, so the functions work anywhere below the handler
 * (awaited helpers, library code) and nowhere else.
 *
 * The store also carries the render phase. While a GET handler is being
 * prerendered (docs/next-behaviour.md §32), reading anything that belongs to
 * one request (its URL, headers, cookies, body) stops the prerender: Next
 * throws its `DynamicServerError`, the route is served per request from then on.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger, PreviewModeKeys } from '../types';
import type { NextRequest } from './next-request';
import { MutableCookies } from './mutable-cookies';

/**
 * - `request`: a handler answering a request;
 * - `prerender`: a GET run once to be cached; per-request APIs end it (Next's build);
 * - `force-static`: `dynamic = 'force-static'`; per-request APIs see an empty request.
 */
export type RenderPhase = 'request' | 'prerender' | 'force-static';

export type AfterTask = (() => unknown) | PromiseLike<unknown>;

export interface RequestStore {
  /** Next's page name, for messages. */
  readonly page: string;
  readonly phase: RenderPhase;
  /** The request as the handler sees it (for a handler that declares no parameter, built on this first read). */
  readonly request: NextRequest;
  /** Next takes the request for a Server Action: `redirect()` answers 303 (§29). */
  readonly isPossibleServerAction: boolean;
  readonly preview: PreviewModeKeys;
  /** `NODE_ENV === 'development'`: draft cookies get `SameSite=lax` without `Secure`, as Next's. */
  readonly development: boolean;
  readonly logger: Logger;
  /** `revalidatePath()`: drops cached answers for these paths (web/route-cache.ts). */
  readonly revalidatePath: (path: string, type: 'page' | 'layout' | undefined) => void;
  /** `cookies()`: the request's cookies plus this handler's changes, made on first use. */
  cookies: MutableCookies | undefined;
  /** `draftMode().isEnabled`, once read or changed. */
  draftEnabled: boolean | undefined;
  readonly afterTasks: AfterTask[];
  /** While prerendering: the first per-request API the handler used. */
  dynamicUsage: string | undefined;
}

export const requestStorage = new AsyncLocalStorage<RequestStore>();

/** The store of the running handler, or Next's error for an API called outside one. */
export function storeFor(expression: string): RequestStore {
  const store = requestStorage.getStore();
  if (!store) {
    throw new Error(`\`${expression}\` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context`);
  }
  return store;
}

/** Next's prerender bail-out: caught by the runner, which serves the route per request. */
export class DynamicServerError extends Error {
  readonly digest = 'DYNAMIC_SERVER_USAGE';
  constructor(readonly description: string) {
    super(description);
    this.name = 'DynamicServerError';
  }
}

/**
 * A per-request API was used: nothing to do while answering a request; while
 * prerendering, remember it and stop the handler (docs/next-behaviour.md §32).
 */
export function trackDynamic(store: RequestStore | undefined, expression: string): void {
  if (store?.phase !== 'prerender') return;
  store.dynamicUsage ??= expression;
  throw new DynamicServerError(
    `Route ${store.page} couldn't be rendered statically because it used \`${expression}\`. See more info here: https://nextjs.org/docs/messages/dynamic-server-error`,
  );
}

/** The cookie store of `cookies()`, made from the request's Cookie header on first use. */
export function cookieStoreOf(store: RequestStore): MutableCookies {
  return (store.cookies ??= new MutableCookies(store.request.cookies.getAll()));
}
