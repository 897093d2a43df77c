/**
 * `URLPattern` of `next/server` (docs/next-behaviour.md §24). Next re-exports
 * the runtime's global, which Node has only from 23.8 on: on Node 20 a route
 * importing it from `next/server` would get `undefined` under `next start`
 * and fail at `new URLPattern(...)`. Here it is the global when there is one,
 * else urlpattern-polyfill (the implementation Next's edge runtime uses),
 * loaded on first use so that serving routes that never touch it costs
 * nothing. A route may construct it, call its statics and test `instanceof`.
 */

export interface URLPatternInit {
  protocol?: string;
  username?: string;
  password?: string;
  hostname?: string;
  port?: string;
  pathname?: string;
  search?: string;
  hash?: string;
  baseURL?: string;
}

export interface URLPatternComponentResult {
  input: string;
  groups: Record<string, string | undefined>;
}

export interface URLPatternResult {
  inputs: Array<string | URLPatternInit>;
  protocol: URLPatternComponentResult;
  username: URLPatternComponentResult;
  password: URLPatternComponentResult;
  hostname: URLPatternComponentResult;
  port: URLPatternComponentResult;
  pathname: URLPatternComponentResult;
  search: URLPatternComponentResult;
  hash: URLPatternComponentResult;
}

export interface URLPatternOptions {
  ignoreCase?: boolean;
}

export interface URLPattern {
  test(input?: string | URLPatternInit, baseURL?: string): boolean;
  exec(input?: string | URLPatternInit, baseURL?: string): URLPatternResult | null;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

export interface URLPatternConstructor {
  new (input?: string | URLPatternInit, baseURL?: string, options?: URLPatternOptions): URLPattern;
  new (input?: string | URLPatternInit, options?: URLPatternOptions): URLPattern;
  readonly prototype: URLPattern;
}

let implementation: URLPatternConstructor | undefined;

function load(): URLPatternConstructor {
  if (!implementation) {
    const global = (globalThis as { URLPattern?: URLPatternConstructor }).URLPattern;
    implementation = global ?? (require('urlpattern-polyfill/urlpattern') as { URLPattern: URLPatternConstructor }).URLPattern;
  }
  return implementation;
}

/**
 * Stands for the class until it is first used: `new`, statics and
 * `instanceof` (through `Symbol.hasInstance` and `prototype`) all reach the
 * real class.
 */
export const URLPattern: URLPatternConstructor = new Proxy(function URLPattern() {} as unknown as URLPatternConstructor, {
  construct: (_target, args, newTarget) => Reflect.construct(load(), args, newTarget === URLPattern ? load() : newTarget),
  get: (_target, property) => Reflect.get(load(), property),
  has: (_target, property) => Reflect.has(load(), property),
  getPrototypeOf: () => Reflect.getPrototypeOf(load()),
});
