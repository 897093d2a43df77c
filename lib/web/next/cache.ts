/**
 * `next/cache` for route files (docs/next-behaviour.md §32). `revalidatePath`
 * drops cached answers of this server's prerendered GET routes (web/route-cache.ts);
 * tag-based caching belongs to Next's data cache, so `revalidateTag` only
 * returns, as Next's does in a route handler without tagged fetches.
 */
import { requestStorage, storeFor, trackDynamic } from '../request-store';

const warnedOnce = new Set<string>();

function warnOnce(message: string): void {
  const store = requestStorage.getStore();
  if (warnedOnce.has(message)) return;
  warnedOnce.add(message);
  (store?.logger ?? console).warn(message);
}

export function revalidatePath(originalPath: string, type?: 'layout' | 'page'): void {
  const store = storeFor('revalidatePath');
  store.revalidatePath(originalPath, type);
}

export function revalidateTag(tag: string, profile?: string | { expire?: number }): void {
  storeFor('revalidateTag');
  if (profile === undefined) {
    warnOnce('"revalidateTag" without the second argument is now deprecated, add second argument of "max" or use "updateTag". See more info here: https://nextjs.org/docs/messages/revalidate-tag-single-arg');
  }
  void tag;
}

/** Server Actions only in Next; there are none here. */
export function updateTag(tag: string): never {
  void tag;
  throw new Error('updateTag can only be called from within a Server Action. Use revalidateTag in a Route Handler.');
}

/** Marks the handler as per-request: while a GET is prerendered, this ends the prerender. */
export function unstable_noStore(): void {
  trackDynamic(requestStorage.getStore(), 'unstable_noStore()');
}

export { unstable_noStore as noStore };

/**
 * Next's data cache wrapper. Here the function runs on every call: caching
 * data across requests is left to the application.
 */
export function unstable_cache<A extends unknown[], R>(callback: (...args: A) => Promise<R>, _keyParts?: string[], _options?: { revalidate?: number | false; tags?: string[] }): (...args: A) => Promise<R> {
  return (...args: A) => callback(...args);
}

/** `'use cache'` helpers: accepted, no effect (this package has no `'use cache'`). */
export function cacheTag(..._tags: string[]): void {}
export function cacheLife(_profile: unknown): void {}
