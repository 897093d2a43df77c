/**
 * `next/headers` for route files (docs/next-behaviour.md §27): `cookies()`,
 * `headers()` and `draftMode()`, async as in Next 15+, scoped to the request
 * being handled. Cookies set through `cookies()` become Set-Cookie lines on
 * the handler's answer (and on a `redirect()`, not on `notFound()`).
 */
import { clearedDraftCookie, draftCookie } from '../draft-mode';
import { MutableCookies } from '../mutable-cookies';
import { cookieStoreOf, storeFor, trackDynamic, type RequestStore } from '../request-store';

const HEADERS_READ_ONLY = 'Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers';
const COOKIES_READ_ONLY = 'Cookies can only be modified in a Server Action or Route Handler. Read more: https://nextjs.org/docs/app/api-reference/functions/cookies#options';

/** `headers()`: the request's headers, read-only. */
export class ReadonlyHeaders extends Headers {
  // Fields, not methods: Node's types declare Headers' methods as properties.
  override append = (): never => {
    throw new Error(HEADERS_READ_ONLY);
  };
  override set = (): never => {
    throw new Error(HEADERS_READ_ONLY);
  };
  override delete = (): never => {
    throw new Error(HEADERS_READ_ONLY);
  };
}

/** `cookies()` where nothing may change them: a `force-static` GET sees an empty request. */
class SealedCookies extends MutableCookies {
  override set(): never {
    throw new Error(COOKIES_READ_ONLY);
  }
  override delete(): never {
    throw new Error(COOKIES_READ_ONLY);
  }
}

/** What `await cookies()` gives: `get`, `getAll`, `has`, `set`, `delete`, `toString`. */
export type { MutableCookies as ReadonlyRequestCookies };

export function cookies(): Promise<MutableCookies> {
  const store = storeFor('cookies');
  trackDynamic(store, 'cookies');
  if (store.phase === 'force-static') return Promise.resolve(new SealedCookies([]));
  return Promise.resolve(cookieStoreOf(store));
}

export function headers(): Promise<ReadonlyHeaders> {
  const store = storeFor('headers');
  trackDynamic(store, 'headers');
  return Promise.resolve(new ReadonlyHeaders(store.request.headers));
}

/** `draftMode()`: whether the request carries this server's draft-mode cookie, and switching it. */
export class DraftMode {
  readonly #store: RequestStore;

  constructor(store: RequestStore) {
    this.#store = store;
  }

  get isEnabled(): boolean {
    return isDraftEnabled(this.#store);
  }

  enable(): void {
    this.#store.draftEnabled = true;
    cookieStoreOf(this.#store).set(draftCookie(this.#store.preview.previewModeId, this.#store.development));
  }

  disable(): void {
    this.#store.draftEnabled = false;
    cookieStoreOf(this.#store).set(clearedDraftCookie(this.#store.development));
  }
}

function isDraftEnabled(store: RequestStore): boolean {
  if (store.draftEnabled === undefined) {
    store.draftEnabled = store.request.cookies.get('__prerender_bypass')?.value === store.preview.previewModeId;
  }
  return store.draftEnabled;
}

export function draftMode(): Promise<DraftMode> {
  const store = storeFor('draftMode');
  trackDynamic(store, 'draftMode');
  return Promise.resolve(new DraftMode(store));
}
