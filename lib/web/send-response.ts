/**
 * A handler's `Response` → the Node response, as `next start` writes it
 * (docs/next-behaviour.md §21, §28):
 *
 * - status and `statusText` as the reason phrase (Node's default phrase when empty);
 * - every header, each `Set-Cookie` on a line of its own; `Content-Length`,
 *   `Content-Encoding` and `Transfer-Encoding` dropped (the body is re-framed);
 *   a handler's `Vary` follows the `Vary` Next sets for the App Router;
 * - the body chunk by chunk, chunked, never buffered: each chunk is written as
 *   it arrives, the stream is read again only once Node has taken the last
 *   chunk (backpressure), and is cancelled if the client goes away;
 * - HEAD, 204 and 304 answers without a body.
 *
 * A body stream that fails part-way cannot change an answer whose head is
 * out: `pipeBody` rejects with Next's `failed to pipe response` and the caller
 * destroys the connection, so the client sees the answer end early.
 */
import compressible from 'compressible';
import type { ServerResponse } from 'node:http';
import { ResponseAborted } from './node-request';
import { unreadSource } from './response-source';

/** Next's `failed to pipe response` errors (plain Errors, logged as Next logs them): the body stream failed. */
const pipeFailures = new WeakSet<Error>();

export function isPipeFailure(err: unknown): boolean {
  return err instanceof Error && pipeFailures.has(err);
}

function pipeFailure(cause: unknown): Error {
  const error = new Error('failed to pipe response', { cause });
  pipeFailures.add(error);
  return error;
}

/**
 * After a body stream failed: what was written still reaches the client
 * (Node sends it on the next tick), then the connection is destroyed, so the
 * client sees the answer end early — or, with nothing sent yet, no answer at all.
 */
export function destroyAfterFlush(res: ServerResponse): void {
  setImmediate(() => res.destroy());
}

/** The `Vary` Next sets on every App Router answer (its RSC request headers). */
export const RSC_VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch';

const DROPPED = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'x-middleware-set-cookie']);
/** Headers appended even when a value is already set (Next's list). */
const MULTI_VALUE = new Set(['www-authenticate', 'proxy-authenticate']);

/**
 * Whether `next start`'s compression middleware would handle this answer:
 * it then merges `Vary` into one line. Next's bundled copy uses a mime-db
 * where `application/octet-stream` is not compressible (observed, §21).
 */
function mergesVary(contentType: string | null, cacheControl: string | null): boolean {
  if (!contentType || /no-transform/i.test(cacheControl ?? '')) return false;
  if (/^application\/octet-stream\s*(;|$)/i.test(contentType)) return false;
  return compressible(contentType) === true;
}

/**
 * A handler's `Vary`: on its own line after Next's, or — where Next's
 * compression rewrites it — merged into Next's line.
 */
function writeVary(res: ServerResponse, value: string, headers: Headers): void {
  const current = res.getHeader('vary');
  if (current === undefined) {
    res.setHeader('vary', value);
  } else if (mergesVary(headers.get('content-type'), headers.get('cache-control'))) {
    res.setHeader('vary', `${Array.isArray(current) ? current.join(', ') : String(current)}, ${value}`);
  } else {
    res.appendHeader('vary', value);
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A header value as Next puts it on the wire: characters above ASCII go out
 * as their UTF-8 bytes (`é` is C3 A9; Node alone would send the Latin-1 byte
 * E9) (conformance/app-router/observed.md §2).
 */
function wireValue(value: string): string {
  return NON_ASCII.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
}

/** Status, reason and headers onto `res` (nothing is sent yet). */
export function writeHead(res: ServerResponse, status: number, statusText: string, headers: Headers): void {
  // Throws Node's RangeError for a status it refuses (`Response.error()` is 0): the caller answers 500.
  // Only what differs is stored: Node keeps both on the response's prototype,
  // and adding them as own properties of every response showed up in
  // bench/profile.js. An empty `statusText` means Node's phrase, as unset does.
  if (res.statusCode !== status) res.statusCode = status;
  if (statusText || res.statusMessage) res.statusMessage = statusText;
  headers.forEach((raw, name) => {
    if (name === 'set-cookie' || DROPPED.has(name)) return;
    const value = wireValue(raw);
    if (name === 'vary') writeVary(res, value, headers);
    else if (MULTI_VALUE.has(name)) res.appendHeader(name, value);
    else if (res.getHeader(name) === undefined) res.setHeader(name, value);
  });
  for (const cookie of headers.getSetCookie()) res.appendHeader('set-cookie', wireValue(cookie));
}

/** The header lines of `headers` as they go out: framing headers dropped, each Set-Cookie on its own. */
export function headerLines(headers: Headers): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !DROPPED.has(name)) lines.push([name, value]);
  });
  for (const cookie of headers.getSetCookie()) lines.push(['set-cookie', cookie]);
  return lines;
}

export function hasNoBody(status: number, method: string): boolean {
  return method === 'HEAD' || status === 204 || status === 304;
}

/** Resolves when Node has room for more (or the client is gone). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes the chunks of `body` as they come. Resolves once the answer ended
 * (or the client left, which cancels the stream with `ResponseAborted`);
 * rejects with Next's `failed to pipe response` when the stream fails.
 */
export async function pipeBody(body: ReadableStream<Uint8Array | string>, res: ServerResponse): Promise<void> {
  const reader = body.getReader();
  const onClose = (): void => {
    if (!res.writableFinished) reader.cancel(new ResponseAborted()).catch(() => {});
  };
  res.once('close', onClose);
  let wrote = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      wrote = true;
      const more = res.write(value);
      // Behind Express's compression(), send what is buffered now (server-sent events).
      (res as ServerResponse & { flush?: () => void }).flush?.();
      if (!more) await drained(res);
    }
  } catch (cause) {
    throw pipeFailure(cause);
  } finally {
    res.off('close', onClose);
  }
  if (res.destroyed) return;
  // An empty body still goes out chunked (a zero-length chunk), as Next's.
  if (!wrote) res.write('');
  res.end();
}

/**
 * The whole answer: head, then the body unless HEAD/204/304 (whose body
 * stream is cancelled). A body built from text or bytes nobody has read
 * (response-source.ts) is written at once, as the one chunk its stream would
 * give; only a real stream is pulled, which is when this returns a promise.
 */
export function sendResponse(res: ServerResponse, response: Response, method: string): void | Promise<void> {
  writeHead(res, response.status, response.statusText, response.headers);
  const body = response.body;
  if (hasNoBody(response.status, method)) {
    if (body) body.cancel().catch(() => {});
    res.end();
    return;
  }
  if (!body) {
    res.write('');
    res.end();
    return;
  }
  const source = unreadSource(response, body);
  if (source === undefined) return pipeBody(body, res);
  if (res.destroyed) return;
  // An empty body still goes out chunked (a zero-length chunk), as Next's.
  res.write(source.length === 0 ? '' : source);
  res.end();
}
