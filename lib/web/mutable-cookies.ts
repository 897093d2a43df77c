/**
 * The object `await cookies()` gives a route handler (docs/next-behaviour.md
 * §27): a response cookie jar that starts with the request's cookies (each
 * with `path: '/'`), so `get`/`getAll`/`has` see the handler's own `set` and
 * `delete`. The cookies the handler changed become Set-Cookie lines on its
 * answer (`appendChangedCookies`), in the jar's order: a cookie that came with
 * the request keeps its place.
 */
import { ResponseCookies, type CookieOptions, type ResponseCookie } from './response-cookies';
import type { RequestCookie } from './request-cookies';

export class MutableCookies {
  readonly #jar = new ResponseCookies(new Headers());
  readonly #changed = new Set<string>();

  constructor(requestCookies: readonly RequestCookie[]) {
    for (const cookie of requestCookies) this.#jar.set({ name: cookie.name, value: cookie.value });
  }

  get(...args: [name: string] | [ResponseCookie]): ResponseCookie | undefined {
    return this.#jar.get(...args);
  }

  getAll(...args: [name: string] | [ResponseCookie] | []): ResponseCookie[] {
    return this.#jar.getAll(...args);
  }

  has(name: string): boolean {
    return this.#jar.has(name);
  }

  set(...args: [name: string, value: string, cookie?: CookieOptions] | [ResponseCookie]): this {
    this.#jar.set(...args);
    this.#changed.add(typeof args[0] === 'string' ? args[0] : args[0].name);
    return this;
  }

  delete(...args: [name: string] | [Omit<ResponseCookie, 'value' | 'expires'>]): this {
    this.#jar.delete(...args);
    this.#changed.add(typeof args[0] === 'string' ? args[0] : args[0].name);
    return this;
  }

  toString(): string {
    return this.#jar.toString();
  }

  /** The cookies the handler set or deleted, in the jar's order. */
  changed(): ResponseCookie[] {
    return this.#jar.getAll().filter((cookie) => this.#changed.has(cookie.name));
  }
}

/**
 * Next's `appendMutableCookies`: the answer's own Set-Cookie lines first, then
 * the changed cookies; every line is re-serialised through one jar (so a
 * response cookie set again by the handler's own header keeps the header's
 * value). Returns false when nothing changed.
 */
export function appendChangedCookies(headers: Headers, cookies: MutableCookies | undefined): boolean {
  const changed = cookies?.changed() ?? [];
  if (changed.length === 0) return false;
  const jar = new ResponseCookies(headers);
  const own = jar.getAll();
  for (const cookie of changed) jar.set({ ...cookie });
  for (const cookie of own) jar.set({ ...cookie });
  return true;
}
