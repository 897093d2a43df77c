/**
 * Next's helpers on `res` (docs/next-behaviour.md §1 steps 2, 4.7, 4.8; §10; §11).
 *
 * Nothing is ever added to `ServerResponse.prototype` or to Express's `res`
 * prototype. Where the helpers live depends on the response (measured with
 * `npm run bench`, see `patchResponse`): a plain `node:http` response gets them
 * as own properties made by assignment; one whose prototype a framework already switched
 * (Express) is switched once more, to a prototype derived from that one and
 * made once per framework prototype (derived-prototype.ts).
 *
 * Cost per request matters here (docs/design.md "Rules that keep it fast"):
 * the request's exchange (exchange.ts, reached from `res.req`) holds the
 * state, and the descriptors are shared by every request. The helpers
 * are accessors whose shared getter binds the helper to this response on
 * first read, so `const { json } = res; json(x)` works as in Next while a
 * handler that only calls `res.status().json()` allocates two small closures,
 * not eleven. `setHeader`/`write`/`end` stay `this`-based like Node's own methods.
 *
 * Own properties that were there before (another middleware's wrapper of
 * `write`, say) are recorded, so the response can be handed back to Express
 * error middleware (`onError: 'next'`) with Express's own helpers in place.
 */
import bytes from 'bytes';
import { ServerResponse } from 'node:http';
import type { RouteConfig } from '../config';
import { derivedPrototypes } from './derived-prototype';
import { exchangeOf, helperSlot, HELPERS, type AnyFunction, type Exchange, type HelperName } from './exchange';
import { dataProperty } from './own-keys';
import { clearPreviewData, setDraftMode, setPreviewData } from '../preview/preview-mode';
import { revalidate } from './revalidate';
import { redirect, redirectArguments, sendData, sendJsonText, setJsonType } from './send';
import type { PreviewDataOptions, RevalidateOptions } from '../types';

const PATCHED = ['setHeader', 'write', 'end', ...HELPERS] as const;

type ResponseContext = Exchange;

function contextOf(res: ServerResponse): ResponseContext {
  return exchangeOf(res);
}

const BODY_IGNORED_WARNING = (url: string): string =>
  `A body was attempted to be set with a 204 statusCode for ${url}, this is invalid and the body was ignored.\nSee more info here https://nextjs.org/docs/messages/invalid-api-status-body`;

function responseLimitMessage(url: string, limit: number): string {
  return `API response for ${url} exceeds ${bytes.format(limit)}. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit`;
}

function count(ctx: ResponseContext, chunk: unknown): void {
  if (ctx.limit === false || !chunk) return;
  if (typeof chunk === 'string') ctx.written += Buffer.byteLength(chunk);
  else if (ArrayBuffer.isView(chunk)) ctx.written += chunk.byteLength;
}

/**
 * Next's `patchSetHeaderWithCookieSupport` (docs/next-behaviour.md §1 step 2, §12): `setHeader`
 * after the headers went out is silently ignored instead of throwing
 * ERR_HTTP_HEADERS_SENT, which is what makes a second `res.json()` harmless.
 * And `Set-Cookie` is always stored as an array without duplicates, so route
 * code can append with `[...res.getHeader('Set-Cookie'), cookie]`.
 */
function setHeader(this: ServerResponse, name: string, value: unknown): ServerResponse {
  if (this.headersSent) return this;
  if (typeof name === 'string' && name.length === 10 && name.toLowerCase() === 'set-cookie') value = cookieList(value);
  return contextOf(this).setHeader.call(this, name, value) as ServerResponse;
}

/**
 * What Next stores for a `Set-Cookie` value: a string becomes a one-element
 * array, an array loses its repeated entries (the first of each is kept), and
 * anything else (a number, say) becomes an empty list, so no header is sent.
 */
function cookieList(value: unknown): unknown[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? [...new Set(value)] : [];
}

/**
 * `write`/`end` count `Buffer.byteLength` of every chunk, piped streams
 * included, for the response-size warning (docs/next-behaviour.md §1 step 4.7, §11), logged on
 * `end` at or above the route's `responseLimit` in every mode; the response is
 * still sent in full. Writes after the end are dropped: Node reports them by
 * emitting 'error' on `res`, which nobody listens to, so a handler calling
 * `res.end('x')` twice would otherwise crash the process.
 */
function write(this: ServerResponse, ...args: unknown[]): unknown {
  if (this.writableEnded) return false;
  const ctx = contextOf(this);
  count(ctx, args[0]);
  return ctx.write.apply(this, args);
}

function end(this: ServerResponse, ...args: unknown[]): unknown {
  const ctx = contextOf(this);
  if (this.writableEnded) {
    // Let an end(callback) still learn that the response is over; never re-send a body.
    const callback = args.find((a) => typeof a === 'function');
    return callback ? ctx.end.call(this, callback) : this;
  }
  if (args.length && typeof args[0] !== 'function') count(ctx, args[0]);
  if (ctx.limit !== false && ctx.written >= ctx.limit) ctx.options.logger.warn(responseLimitMessage(ctx.url, ctx.limit));
  return ctx.end.apply(this, args);
}

/** The helpers of docs/next-behaviour.md §1 step 4.8, in Next's order, each made for one response. */
const MAKERS: Record<HelperName, (res: ServerResponse, ctx: ResponseContext) => AnyFunction> = {
  // No validation: Node checks the code when the head is written (docs/next-behaviour.md §10.1).
  status: (res) => (statusCode: unknown) => {
    res.statusCode = statusCode as number;
    return res;
  },
  // After the response ended, a second send/json is a silent no-op (docs/next-behaviour.md §12).
  send: (res, ctx) => {
    // A failing stream's error has no handler to go back to: it is logged here.
    const reportStreamError = (err: unknown): void => ctx.options.logger.error(`Error in the stream sent as the response to ${ctx.url}:`, err);
    return (body: unknown) => {
      if (!res.writableEnded) sendData(ctx.req, res, body, ctx.warnBodyIgnored, reportStreamError);
    };
  },
  // Next's setHeader patch would let the headers through unchanged here, so
  // the fast path (send.ts) calls the response's own setHeader/end.
  json: (res, ctx) => (body: unknown) => {
    if (res.writableEnded) return;
    if (res.headersSent) {
      sendData(ctx.req, res, JSON.stringify(body), ctx.warnBodyIgnored);
      return;
    }
    setJsonType(res, ctx.setHeader);
    const text = JSON.stringify(body) as string | undefined;
    if (text === undefined || res.statusCode === 204 || res.statusCode === 304) sendData(ctx.req, res, text, ctx.warnBodyIgnored);
    else sendJsonText(ctx.req, res, text, ctx.setHeader, endCounted);
  },
  redirect: (res) => (statusOrUrl: unknown, url?: unknown) => {
    const [status, location] = redirectArguments(statusOrUrl, url); // bad arguments throw even after the end
    if (!res.writableEnded) redirect(res, status, location);
    return res;
  },
  setDraftMode: (res, ctx) => (opts: unknown = { enable: true }) => {
    setDraftMode(res, Boolean((opts as { enable?: boolean } | null)?.enable), ctx.options.preview, ctx.options.development);
    return res;
  },
  setPreviewData: (res, ctx) => (data: unknown, opts: unknown = {}) => {
    setPreviewData(res, data, opts as PreviewDataOptions, ctx.options.preview, ctx.options.development);
    return res;
  },
  clearPreviewData: (res, ctx) => (opts: unknown = {}) => {
    clearPreviewData(res, ctx.options.development, opts as { path?: string });
    return res;
  },
  revalidate: (res, ctx) => (urlPath: unknown, opts?: unknown) =>
    revalidate(urlPath, opts as RevalidateOptions | undefined, ctx.options.revalidate, {
      previewModeId: ctx.options.preview.previewModeId,
      headers: ctx.req.headers,
    }),
};

/** Shared by every request: nothing in here depends on the request. */
const DESCRIPTORS: PropertyDescriptorMap = {
  setHeader: dataProperty(setHeader),
  write: dataProperty(write),
  end: dataProperty(end),
};
for (const name of HELPERS) {
  const slot = helperSlot(name);
  DESCRIPTORS[name] = {
    enumerable: true,
    configurable: true,
    get(this: ServerResponse): AnyFunction {
      const ctx = contextOf(this);
      return (ctx[slot] ??= MAKERS[name](this, ctx));
    },
    // A handler may replace a helper (`res.json = ...`), as it may in Next.
    set(this: ServerResponse, value: unknown): void {
      Object.defineProperty(this, name, dataProperty(value));
    },
  };
}

/**
 * For each prototype a response arrives with (`ServerResponse.prototype`,
 * Express's `app.response`, ...), one derived prototype carrying the patched
 * methods and the helpers (see derived-prototype.ts).
 */
const derivedPrototypeOf = derivedPrototypes(DESCRIPTORS);

/**
 * `end(text)` for a body whose byte length is known: the response-size count
 * and warning of `end` above, without measuring the text again.
 */
function endCounted(res: ServerResponse, text: string, length: number): void {
  const ctx = contextOf(res);
  if (ctx.limit !== false) {
    ctx.written += length;
    if (ctx.written >= ctx.limit) ctx.options.logger.warn(responseLimitMessage(ctx.url, ctx.limit));
  }
  ctx.end.call(res, text);
}

/**
 * Patches `res` for one matched request: `setHeader` (ignored after the head
 * went out), `write`/`end` (response limit, writes after the end dropped) and
 * Next's helpers. The request's exchange (exchange.ts) holds the state.
 */
export function patchResponse(res: ServerResponse, ctx: Exchange, config: RouteConfig): void {
  const base = Object.getPrototypeOf(res) as object;
  const saved = base === ServerResponse.prototype && !shadowsPrototype(res, base) ? undefined : ownPatchedProperties(res);
  const { options } = ctx;
  ctx.limit = config.responseLimit;
  // Without own ones the methods are the prototype's: read there, where V8's
  // cache holds, not on a response whose layout may be new (exchange.ts).
  const methods = (saved ? res : base) as Record<'setHeader' | 'write' | 'end', AnyFunction>;
  ctx.setHeader = methods.setHeader;
  ctx.write = methods.write;
  ctx.end = methods.end;
  if (options.dev) ctx.warnBodyIgnored = () => options.logger.warn(BODY_IGNORED_WARNING(ctx.url));
  ctx.saved = saved;
  // Measured (npm run bench, bench/profile.js, bench/icount.js): a plain
  // node:http response takes own properties cheaply and a prototype switch
  // expensively (twice the GC, and Node's own response methods and the
  // handler's `res.json` lookups slow down: 53 against 81-109 µs/req in one
  // profile run); one whose prototype a framework already switched (Express,
  // Connect apps that do) the other way round (assigning the eleven there
  // cost 781,000 against 575,000 instructions per request: docs/design.md).
  // Another middleware's own wrapper (compression's `write`, say) would hide
  // a prototype method, so then the patch goes on the response itself.
  if (saved) {
    Object.defineProperties(res, DESCRIPTORS);
    return;
  }
  if (base === ServerResponse.prototype) {
    assignOwnHelpers(res, ctx);
    return;
  }
  ctx.base = base;
  Object.setPrototypeOf(res, derivedPrototypeOf(base));
}

/**
 * The own properties of `res` under the eleven patched names, to put back
 * after the handler (`onError: 'next'`); undefined when there are none.
 */
function ownPatchedProperties(res: ServerResponse): Map<string, PropertyDescriptor> | undefined {
  let saved: Map<string, PropertyDescriptor> | undefined;
  for (let i = 0; i < PATCHED.length; i++) {
    const key = PATCHED[i];
    if (Object.prototype.hasOwnProperty.call(res, key)) {
      saved ??= new Map();
      saved.set(key, Object.getOwnPropertyDescriptor(res, key) as PropertyDescriptor);
    }
  }
  return saved;
}

/**
 * Whether a plain `node:http` response has an own property under a patched
 * name, asked by value: named loads on node's one response layout hit V8's
 * caches, where `hasOwnProperty` searches the response's ~40 descriptors for
 * each of the eleven names (2,368 instructions per request, bench/README.md
 * "Phase 7"). An own property holding the prototype's own value is taken as
 * absent: putting back then deletes it and the same value shows through.
 * Any difference asks `hasOwnProperty` (ownPatchedProperties).
 */
function shadowsPrototype(res: ServerResponse, base: object): boolean {
  const own = res as unknown as Record<(typeof PATCHED)[number], unknown>;
  const proto = base as Record<(typeof PATCHED)[number], unknown>;
  return (
    own.setHeader !== proto.setHeader ||
    own.write !== proto.write ||
    own.end !== proto.end ||
    own.status !== proto.status ||
    own.send !== proto.send ||
    own.json !== proto.json ||
    own.redirect !== proto.redirect ||
    own.setDraftMode !== proto.setDraftMode ||
    own.setPreviewData !== proto.setPreviewData ||
    own.clearPreviewData !== proto.clearPreviewData ||
    own.revalidate !== proto.revalidate
  );
}

/**
 * A plain `node:http` response: the patched methods and the helpers, each
 * bound to this response, as own data properties made by assignment, as Next
 * makes them (docs/next-behaviour.md §1 step 4.8). Assignment takes V8's
 * cached property-add path; `defineProperties` with the shared accessors
 * above goes through the runtime for each of the eleven names (measured in
 * bench/README.md "Phase 5"). What the handler sees is the same: own,
 * enumerable, writable properties in the same order, `res.json === res.json`.
 * Written out name by name rather than looped over HELPERS: each line is then
 * a named store with its own cached transition.
 */
function assignOwnHelpers(res: ServerResponse, ctx: ResponseContext): void {
  const own = res as unknown as Record<(typeof PATCHED)[number], AnyFunction>;
  own.setHeader = setHeader as AnyFunction;
  own.write = write as AnyFunction;
  own.end = end as AnyFunction;
  own.status = MAKERS.status(res, ctx);
  own.send = MAKERS.send(res, ctx);
  own.json = MAKERS.json(res, ctx);
  own.redirect = MAKERS.redirect(res, ctx);
  own.setDraftMode = MAKERS.setDraftMode(res, ctx);
  own.setPreviewData = MAKERS.setPreviewData(res, ctx);
  own.clearPreviewData = MAKERS.clearPreviewData(res, ctx);
  own.revalidate = MAKERS.revalidate(res, ctx);
}

/** Puts back what was there before: the response's own prototype, or its own properties. */
export function unpatchResponse(res: ServerResponse): void {
  const ctx = contextOf(res);
  if (!ctx) return;
  if (ctx.base) {
    Object.setPrototypeOf(res, ctx.base);
    return;
  }
  const target = res as unknown as Record<string, unknown>;
  for (const key of PATCHED) {
    const previous = ctx.saved?.get(key);
    if (previous) Object.defineProperty(res, key, previous);
    else delete target[key];
  }
}
