/**
 * Where prerendered GET answers live (docs/next-behaviour.md §32): a
 * `RouteCacheStore` (in memory by default; a shared store for several
 * instances), keyed by the route's path in the Next app (`/api/posts/1`),
 * plus the bookkeeping `revalidatePath()` needs: which keys this instance
 * stored, and for which route.
 */
import type { RouteCacheEntry, RouteCacheStore } from '../types';

/** The default store: a `Map` in this process. */
export class MemoryRouteCacheStore implements RouteCacheStore {
  readonly #entries = new Map<string, RouteCacheEntry>();
  get(key: string): RouteCacheEntry | undefined {
    return this.#entries.get(key);
  }
  set(key: string, entry: RouteCacheEntry): void {
    this.#entries.set(key, entry);
  }
  delete(key: string): void {
    this.#entries.delete(key);
  }
}

export class RouteCache {
  readonly store: RouteCacheStore;
  /** key → the page it belongs to, for every key this instance stored. */
  readonly #keys = new Map<string, string>();
  /** Background regenerations under way, by key. */
  readonly #regenerating = new Map<string, Promise<void>>();

  constructor(store: RouteCacheStore = new MemoryRouteCacheStore()) {
    this.store = store;
  }

  async get(key: string): Promise<RouteCacheEntry | undefined> {
    return this.store.get(key);
  }

  async set(key: string, page: string, entry: RouteCacheEntry): Promise<void> {
    this.#keys.set(key, page);
    await this.store.set(key, entry);
  }

  async delete(key: string): Promise<void> {
    this.#keys.delete(key);
    await this.store.delete(key);
  }

  /** Runs `work` for `key` unless a run for it is already under way. */
  regenerateOnce(key: string, work: () => Promise<void>): void {
    if (this.#regenerating.has(key)) return;
    const run = work().finally(() => this.#regenerating.delete(key));
    this.#regenerating.set(key, run);
  }

  /**
   * `revalidatePath(path, type)`: drops the answer for `path`, every answer
   * below it for `'layout'`, and every answer of a route for a route pattern
   * (`/api/posts/[id]`).
   */
  revalidatePath(path: string, type: 'page' | 'layout' | undefined): Promise<void> {
    const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path;
    const drops: Promise<void>[] = [];
    for (const [key, page] of this.#keys) {
      const hit = key === trimmed || page === trimmed || (type === 'layout' && (trimmed === '/' || key.startsWith(`${trimmed}/`)));
      if (hit) drops.push(this.delete(key));
    }
    // The store may be shared: the path itself goes even when this instance never stored it.
    if (!this.#keys.has(trimmed)) drops.push(Promise.resolve(this.store.delete(trimmed)));
    return Promise.all(drops).then(() => undefined);
  }
}
