/**
 * Next's helpers on `res` (spec §1 steps 2, 4.7, 4.8; §10; §11).
 *
 * Everything is attached as *own* properties of this one response object,
 * never on `ServerResponse.prototype` or Express's `res` prototype, and every
 * helper is a closure over `req`/`res` that never uses `this`, so
 * `const { json } = res; json(x)` works as in Next.
 *
 * The previous own descriptors are recorded so the response can be handed
 * back untouched to Express error middleware (`onError: 'next'`), whose
 * `res.status().json()` must be Express's again.
 */
import bytes from 'bytes';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteConfig } from './config';
import type { ResolvedOptions } from './options';
import { clearPreviewData, setDraftMode, setPreviewData } from './preview';
import { revalidate } from './revalidate';
import { redirect, redirectArguments, sendData, sendJson, type BodyIgnoredWarning } from './send';
import type { PreviewDataOptions, RevalidateOptions } from './types';

type AnyFunction = (...args: unknown[]) => unknown;

/** Own-property patches on one response, undoable. */
export class ResponsePatches {
  private readonly saved = new Map<string, PropertyDescriptor | undefined>();

  constructor(private readonly res: ServerResponse) {}

  set(key: string, value: unknown): void {
    if (!this.saved.has(key)) this.saved.set(key, Object.getOwnPropertyDescriptor(this.res, key));
    Object.defineProperty(this.res, key, { value, writable: true, enumerable: true, configurable: true });
  }

  /** Puts back what was there before (another middleware's own wrapper, or nothing: the prototype's method). */
  restore(): void {
    for (const [key, descriptor] of this.saved) {
      if (descriptor) Object.defineProperty(this.res, key, descriptor);
      else delete (this.res as unknown as Record<string, unknown>)[key];
    }
    this.saved.clear();
  }
}

function method(res: ServerResponse, key: 'setHeader' | 'write' | 'end'): AnyFunction {
  return (res as unknown as Record<string, AnyFunction>)[key];
}

/**
 * Next's `patchSetHeaderWithCookieSupport` (spec §1 step 2, §12): `setHeader`
 * after the headers went out is silently ignored instead of throwing
 * ERR_HTTP_HEADERS_SENT, which is what makes a second `res.json()` harmless.
 */
export function patchSetHeader(res: ServerResponse, patches: ResponsePatches): void {
  const setHeader = method(res, 'setHeader');
  patches.set('setHeader', (name: unknown, value: unknown) => (res.headersSent ? res : setHeader.call(res, name, value)));
}

function responseLimitMessage(url: string, limit: number): string {
  return `API response for ${url} exceeds ${bytes.format(limit)}. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit`;
}

/**
 * Wraps `res.write`/`res.end` (spec §1 step 4.7, §11):
 *
 * - counts `Buffer.byteLength` of every chunk (piped streams included) and, on
 *   `end`, warns when the total is at or above the route's `responseLimit`, in
 *   every mode; the response is still sent in full;
 * - drops writes and bodies after the response ended. Node reports those by
 *   emitting 'error' on `res`, which nobody listens to, so a handler calling
 *   `res.end('x')` twice would otherwise crash the process.
 */
export function wrapWriteAndEnd(res: ServerResponse, url: string, config: RouteConfig, options: ResolvedOptions, patches: ResponsePatches): void {
  const write = method(res, 'write');
  const end = method(res, 'end');
  const limit = config.responseLimit;
  let written = 0;
  const count = (chunk: unknown): void => {
    if (limit === false || !chunk) return;
    if (typeof chunk === 'string') written += Buffer.byteLength(chunk);
    else if (ArrayBuffer.isView(chunk)) written += chunk.byteLength;
  };
  patches.set('write', (...args: unknown[]) => {
    if (res.writableEnded) return false;
    count(args[0]);
    return write.apply(res, args);
  });
  patches.set('end', (...args: unknown[]) => {
    if (res.writableEnded) {
      // Let an end(callback) still learn that the response is over; never re-send a body.
      const callback = args.find((a) => typeof a === 'function');
      return callback ? end.call(res, callback) : res;
    }
    if (args.length && typeof args[0] !== 'function') count(args[0]);
    if (limit !== false && written >= limit) options.logger.warn(responseLimitMessage(url, limit));
    return end.apply(res, args);
  });
}

export const BODY_IGNORED_WARNING = (url: string): string =>
  `A body was attempted to be set with a 204 statusCode for ${url}, this is invalid and the body was ignored.\nSee more info here https://nextjs.org/docs/messages/invalid-api-status-body`;

/**
 * Attaches `status, send, json, redirect, setDraftMode, setPreviewData,
 * clearPreviewData, revalidate`, in Next's order (spec §1 step 4.8). `url` is
 * the URL the handler saw, for warnings.
 */
export function attachResponseHelpers(req: IncomingMessage, res: ServerResponse, url: string, options: ResolvedOptions, patches: ResponsePatches): void {
  const { preview: keys, dev } = options;
  const warnBodyIgnored: BodyIgnoredWarning = dev ? () => options.logger.warn(BODY_IGNORED_WARNING(url)) : undefined;

  // No validation: Node checks the code when the head is written (spec §10.1).
  patches.set('status', (statusCode: number) => {
    res.statusCode = statusCode;
    return res;
  });
  // After the response ended, a second send/json is a silent no-op (spec §12).
  patches.set('send', (body: unknown) => {
    if (!res.writableEnded) sendData(req, res, body, warnBodyIgnored);
  });
  patches.set('json', (body: unknown) => {
    if (!res.writableEnded) sendJson(req, res, body, warnBodyIgnored);
  });
  patches.set('redirect', (statusOrUrl: unknown, url?: unknown) => {
    const [status, location] = redirectArguments(statusOrUrl, url); // bad arguments throw even after the end
    if (!res.writableEnded) redirect(res, status, location);
    return res;
  });
  patches.set('setDraftMode', (opts: { enable?: boolean } = { enable: true }) => {
    setDraftMode(res, Boolean(opts?.enable), keys, dev);
    return res;
  });
  patches.set('setPreviewData', (data: unknown, opts: PreviewDataOptions = {}) => {
    setPreviewData(res, data, opts, keys, dev);
    return res;
  });
  patches.set('clearPreviewData', (opts: { path?: string } = {}) => {
    clearPreviewData(res, dev, opts);
    return res;
  });
  patches.set('revalidate', (urlPath: unknown, opts?: RevalidateOptions) =>
    revalidate(urlPath, opts, options.revalidate, { previewModeId: keys.previewModeId, headers: req.headers }),
  );
}
