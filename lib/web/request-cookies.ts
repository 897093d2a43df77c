/**
 * `request.cookies` of a `NextRequest` (docs/next-behaviour.md §27): the
 * Cookie header parsed the way Next's edge cookie library parses it, which
 * differs from the Pages Router's `req.cookies` (§7):
 *
 * - pairs are split on `;` plus the spaces after it; spaces around `=` stay;
 * - a pair without `=` is a cookie whose value is `'true'`;
 * - values are percent-decoded, and a value that does not decode drops the cookie;
 * - a repeated name keeps its first position and its last value;
 * - `__proto__` and `constructor` are ordinary names (a `Map`, not an object).
 */

export interface RequestCookie {
  name: string;
  value: string;
}

/** The Cookie header → name/value pairs, in header order (see the file comment). */
export function parseCookieHeader(header: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of header.split(/; */)) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    if (eq === -1) {
      map.set(pair, 'true');
      continue;
    }
    try {
      map.set(pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1)));
    } catch {
      // an undecodable value drops the cookie
    }
  }
  return map;
}

function nameOf(arg: string | { name: string } | undefined): string | undefined {
  return typeof arg === 'string' ? arg : arg?.name;
}

/** The pairs as a Cookie header again, values re-encoded. */
function serialise(map: Map<string, RequestCookie>): string {
  return [...map.values()].map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
}

export class RequestCookies {
  readonly #headers: Headers;
  readonly #parsed = new Map<string, RequestCookie>();

  constructor(requestHeaders: Headers) {
    this.#headers = requestHeaders;
    const header = requestHeaders.get('cookie');
    if (header) for (const [name, value] of parseCookieHeader(header)) this.#parsed.set(name, { name, value });
  }

  [Symbol.iterator](): IterableIterator<[string, RequestCookie]> {
    return this.#parsed[Symbol.iterator]();
  }

  get size(): number {
    return this.#parsed.size;
  }

  get(...args: [name: string] | [RequestCookie]): RequestCookie | undefined {
    return this.#parsed.get(nameOf(args[0]) as string);
  }

  getAll(...args: [name: string] | [RequestCookie] | []): RequestCookie[] {
    const all = [...this.#parsed.values()];
    if (args.length === 0) return all;
    const name = nameOf(args[0]);
    return all.filter((c) => c.name === name);
  }

  has(name: string): boolean {
    return this.#parsed.has(name);
  }

  /** Changes the request's own Cookie header too, as Next's does. */
  set(...args: [name: string, value: string] | [RequestCookie]): this {
    const [name, value] = args.length === 1 ? [args[0].name, args[0].value] : args;
    this.#parsed.set(name, { name, value });
    this.#headers.set('cookie', serialise(this.#parsed));
    return this;
  }

  delete(names: string | string[]): boolean | boolean[] {
    const result = Array.isArray(names) ? names.map((n) => this.#parsed.delete(n)) : this.#parsed.delete(names);
    this.#headers.set('cookie', serialise(this.#parsed));
    return result;
  }

  clear(): this {
    this.delete([...this.#parsed.keys()]);
    return this;
  }

  toString(): string {
    return serialise(this.#parsed);
  }
}
