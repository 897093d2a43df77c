/**
 * `NextResponse.cookies` and the store behind `cookies()` from `next/headers`
 * (docs/next-behaviour.md §27 "Serialisation"): cookies kept by name, written
 * back to the `Set-Cookie` lines of a `Headers` on every change.
 *
 * Serialisation is Next's: `name=encodeURIComponent(value)`, then `Path`
 * (default `/`), `Expires`, `Max-Age`, `Domain`, `Secure`, `HttpOnly`,
 * `SameSite` (as given), `Partitioned`, `Priority`. A `maxAge` also writes
 * `Expires` = now + maxAge. Setting a name twice keeps one line, the last value.
 */
import { parseCookieHeader } from './request-cookies';

export interface ResponseCookie {
  name: string;
  value: string;
  expires?: Date | number;
  maxAge?: number;
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'strict' | 'lax' | 'none' | boolean;
  partitioned?: boolean;
  priority?: 'low' | 'medium' | 'high';
}

export type CookieOptions = Omit<ResponseCookie, 'name' | 'value'>;

/** One cookie as a Set-Cookie line. */
export function stringifyCookie(c: ResponseCookie): string {
  const attributes = [
    c.path ? `Path=${c.path}` : '',
    c.expires || c.expires === 0 ? `Expires=${(typeof c.expires === 'number' ? new Date(c.expires) : c.expires).toUTCString()}` : '',
    typeof c.maxAge === 'number' ? `Max-Age=${c.maxAge}` : '',
    c.domain ? `Domain=${c.domain}` : '',
    c.secure ? 'Secure' : '',
    c.httpOnly ? 'HttpOnly' : '',
    c.sameSite ? `SameSite=${String(c.sameSite)}` : '',
    c.partitioned ? 'Partitioned' : '',
    c.priority ? `Priority=${c.priority}` : '',
  ].filter(Boolean);
  const pair = `${c.name}=${encodeURIComponent(c.value ?? '')}`;
  return attributes.length ? `${pair}; ${attributes.join('; ')}` : pair;
}

const SAME_SITE = new Set(['strict', 'lax', 'none']);
const PRIORITY = new Set(['low', 'medium', 'high']);

/** A Set-Cookie line back into a cookie (Next's parser: unknown attributes dropped, values decoded). */
export function parseSetCookie(line: string): ResponseCookie | undefined {
  if (!line) return undefined;
  const [first, ...attributes] = parseCookieHeader(line);
  if (!first) return undefined;
  const attrs = new Map(attributes.map(([key, value]) => [key.toLowerCase().replace(/-/g, ''), value]));
  // Next decodes the value a second time (the pair parser decoded it once already).
  let value = first[1];
  try {
    value = decodeURIComponent(value);
  } catch {
    // kept as decoded once
  }
  const cookie: ResponseCookie = { name: first[0], value };
  const domain = attrs.get('domain');
  if (domain !== undefined) cookie.domain = domain;
  const expires = attrs.get('expires');
  if (expires) cookie.expires = new Date(expires);
  if (attrs.has('httponly')) cookie.httpOnly = true;
  const maxAge = attrs.get('maxage');
  if (maxAge !== undefined) cookie.maxAge = Number(maxAge);
  const path = attrs.get('path');
  if (path !== undefined) cookie.path = path;
  const sameSite = attrs.get('samesite')?.toLowerCase();
  if (sameSite && SAME_SITE.has(sameSite)) cookie.sameSite = sameSite as ResponseCookie['sameSite'];
  if (attrs.has('secure')) cookie.secure = true;
  const priority = attrs.get('priority')?.toLowerCase();
  if (priority && PRIORITY.has(priority)) cookie.priority = priority as ResponseCookie['priority'];
  if (attrs.has('partitioned')) cookie.partitioned = true;
  return cookie;
}

/** Next's defaults on `set`: a numeric `expires` becomes a Date, `maxAge` sets `expires`, `path` defaults to `/`. */
function normalise(cookie: ResponseCookie): ResponseCookie {
  if (typeof cookie.expires === 'number') cookie.expires = new Date(cookie.expires);
  if (cookie.maxAge) cookie.expires = new Date(Date.now() + cookie.maxAge * 1000);
  if (cookie.path === null || cookie.path === undefined) cookie.path = '/';
  return cookie;
}

function nameOf(arg: string | { name: string } | undefined): string | undefined {
  return typeof arg === 'string' ? arg : arg?.name;
}

export class ResponseCookies {
  readonly #headers: Headers;
  readonly #parsed = new Map<string, ResponseCookie>();

  /** Starts from the Set-Cookie lines `responseHeaders` already has. */
  constructor(responseHeaders: Headers) {
    this.#headers = responseHeaders;
    for (const line of responseHeaders.getSetCookie()) {
      const parsed = parseSetCookie(line);
      if (parsed) this.#parsed.set(parsed.name, parsed);
    }
  }

  get(...args: [name: string] | [ResponseCookie]): ResponseCookie | undefined {
    return this.#parsed.get(nameOf(args[0]) as string);
  }

  getAll(...args: [name: string] | [ResponseCookie] | []): ResponseCookie[] {
    const all = [...this.#parsed.values()];
    if (args.length === 0) return all;
    const name = nameOf(args[0]);
    return all.filter((c) => c.name === name);
  }

  has(name: string): boolean {
    return this.#parsed.has(name);
  }

  set(...args: [name: string, value: string, cookie?: CookieOptions] | [ResponseCookie]): this {
    const [name, value, options] = args.length === 1 ? [args[0].name, args[0].value, args[0]] : args;
    this.#parsed.set(name, normalise({ name, value, ...options }));
    this.#write();
    return this;
  }

  /** Expires the cookie: `name=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`. */
  delete(...args: [name: string] | [Omit<ResponseCookie, 'value' | 'expires'>]): this {
    const [name, options] = typeof args[0] === 'string' ? [args[0], undefined] : [args[0].name, args[0]];
    return this.set({ ...options, name, value: '', expires: new Date(0) });
  }

  toString(): string {
    return [...this.#parsed.values()].map(stringifyCookie).join('; ');
  }

  #write(): void {
    this.#headers.delete('set-cookie');
    for (const cookie of this.#parsed.values()) this.#headers.append('set-cookie', stringifyCookie(cookie));
  }
}
