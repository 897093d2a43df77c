/**
 * Next's response bodies: `sendData` (res.send, docs/next-behaviour.md §10.2), `sendJson`
 * (§10.3), `redirect` (§10.5) and `sendError` (§8, §12). They differ from
 * Express's on purpose: no Content-Type for strings, JSON forced for
 * objects/numbers/booleans, Next's ETag, 307 redirects with the URL as body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Stream } from 'node:stream';
import { describeError } from '../errors';
import type { BodyIgnoredWarning } from './exchange';
import { generateETag } from './etag';
import { isFresh } from './fresh';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const INVALID_REDIRECT_ARGUMENTS =
  "Invalid redirect arguments. Please use a single argument URL, e.g. res.redirect('/destination') or use a status code and URL, e.g. res.redirect(307, '/destination').";

export type { BodyIgnoredWarning } from './exchange';

/** A response's own `setHeader` (the one under Next's patch), called with the response as `this`. */
type SetHeader = (...args: unknown[]) => unknown;

/**
 * Sets the ETag and, if the request is fresh for it, turns the response into a
 * bodiless 304 (docs/next-behaviour.md §10.4). Returns true when the response was ended.
 * `setHeader` is the response's own (Next's patched one); `res.json`'s fast path passes the one under the patch.
 */
function sendEtagResponse(req: IncomingMessage, res: ServerResponse, etag: string, setHeader: SetHeader = res.setHeader as SetHeader): boolean {
  setHeader.call(res, 'ETag', etag);
  if (isFresh(req.headers, etag)) {
    res.statusCode = 304;
    res.end();
    return true;
  }
  return false;
}

/** Told about an error of a stream given to `res.send` (the response has been dealt with already). */
export type StreamErrorReport = (err: unknown) => void;

const ignoreStreamError: StreamErrorReport = () => {};

type Source = Stream & NodeJS.ReadableStream & { destroy?: (err?: Error) => void; destroyed?: boolean; unpipe?: (dest?: NodeJS.WritableStream) => void };

/**
 * `body.pipe(res)` (Next's step 3) with the two things `pipe` leaves out, which
 * Next leaves out too (a deliberate difference, issue 9):
 *
 * - the source fails (a missing file, an error midway): `pipe` does not
 *   forward errors, and an 'error' nobody listens to ends the process. Here the
 *   response gets Next's 500 if nothing was sent yet (without the
 *   octet-stream type this function chose); otherwise the connection is
 *   destroyed, so the client sees a truncated body rather than a short one
 *   that looks complete.
 * - the response closes first (the client went away): `pipe` only unpipes,
 *   leaving the source paused with its file descriptor open, or an async
 *   generator suspended before its `finally`, for ever. Here the source is
 *   destroyed whenever the response closes.
 */
function pipeBody(res: ServerResponse, body: Source, typeChosenHere: boolean, report: StreamErrorReport): void {
  let done = false;
  const destroySource = (): void => {
    if (typeof body.destroy === 'function' && !body.destroyed) body.destroy();
  };
  // Stays attached: a source may emit 'error' again while it is destroyed, or
  // when its producer writes on after the client left (nothing to answer then).
  body.on('error', (err: unknown) => {
    if (done) return;
    done = true;
    body.unpipe?.(res);
    report(err);
    if (res.writableEnded) return;
    if (res.headersSent) {
      res.destroy();
    } else {
      if (typeChosenHere) res.removeHeader('Content-Type');
      sendInternalServerError(res);
    }
    destroySource();
  });
  res.once('close', () => {
    done = true;
    destroySource();
  });
  body.pipe(res);
}

/** `res.send(body)` in the exact order of docs/next-behaviour.md §10.2. */
export function sendData(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  warnBodyIgnored: BodyIgnoredWarning,
  reportStreamError: StreamErrorReport = ignoreStreamError,
): void {
  // 1. Nothing to send.
  if (body === null || body === undefined) {
    res.end();
    return;
  }
  // 2. 204/304 may not carry a body (RFC 9110 §15.3.5, §15.4.5): strip the
  //    entity headers and end empty, checked on the status at call time.
  if (res.statusCode === 204 || res.statusCode === 304) {
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    if (warnBodyIgnored && body) warnBodyIgnored();
    res.end();
    return;
  }
  const contentType = res.getHeader('Content-Type');
  // 3. Streams are piped as they are: no ETag, no Content-Length.
  if (body instanceof Stream) {
    if (!contentType) res.setHeader('Content-Type', 'application/octet-stream');
    pipeBody(res, body as Source, !contentType, reportStreamError);
    return;
  }
  // 4. Everything else is serialised once; the ETag is computed from that text
  //    even for a Buffer (its JSON form), as Next does.
  const type = typeof body;
  const isJsonLike = type === 'object' || type === 'number' || type === 'boolean';
  if (!isJsonLike && type !== 'string') {
    // symbol/function: Next throws while hashing or sizing, and the error path
    // answers 500. A zero-arity function hashes like '' before the throw, so
    // Next's 500 carries that ETag (observed); keep the wire identical.
    if (type === 'function' && (body as () => unknown).length === 0) res.setHeader('ETag', generateETag(''));
    throw new TypeError(`res.send() cannot send a value of type ${type}`);
  }
  const text = isJsonLike ? (JSON.stringify(body) as string) : (body as string);
  if (sendEtagResponse(req, res, generateETag(text))) return;
  // 5. Buffer: raw bytes, octet-stream unless a type was set.
  if (Buffer.isBuffer(body)) {
    if (!contentType) res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', body.length);
    res.end(body);
    return;
  }
  // 6. JSON-like: the JSON Content-Type overrides whatever the handler set.
  if (isJsonLike) res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  // 7. String (and 6): byte length, and no Content-Type of our own for strings.
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** `res.json(x)` starts with the JSON Content-Type, before the body is serialised (docs/next-behaviour.md §10.3). */
export function setJsonType(res: ServerResponse, setHeader: SetHeader): void {
  setHeader.call(res, 'Content-Type', JSON_CONTENT_TYPE);
}

/**
 * The rest of `res.json(x)` for a serialised body on a response whose head is
 * not out and whose status may carry a body: steps 4 and 7 of `sendData`
 * (ETag, 304 when fresh, Content-Length, end) with what JSON text already
 * tells (not a stream, not a Buffer), the headers set through the response's
 * own `setHeader`, and the byte length measured once (`end` gets it for the
 * response-size count). Same headers, same order, same bytes as `sendData`.
 */
export function sendJsonText(
  req: IncomingMessage,
  res: ServerResponse,
  text: string,
  setHeader: SetHeader,
  end: (res: ServerResponse, text: string, length: number) => void,
): void {
  if (sendEtagResponse(req, res, generateETag(text), setHeader)) return;
  const length = Buffer.byteLength(text);
  setHeader.call(res, 'Content-Length', length);
  end(res, text, length);
}

/**
 * The arguments of `res.redirect(url)` (307) or `res.redirect(status, url)`
 * (docs/next-behaviour.md §10.5). When the first argument is a string the second is ignored.
 * There is no range or URL check; anything else throws Next's message.
 */
export function redirectArguments(statusOrUrl: unknown, url?: unknown): [status: number, location: string] {
  if (typeof statusOrUrl === 'string') return [307, statusOrUrl];
  if (typeof statusOrUrl !== 'number' || typeof url !== 'string') throw new Error(INVALID_REDIRECT_ARGUMENTS);
  return [statusOrUrl, url];
}

/**
 * Next's wire format: `Location` merged into the headers, the URL as body, no
 * Content-Type. `Location` is set before the head is written so that, as on
 * Next's wire, it survives on the 500 when Node rejects the status code
 * (`redirect(1000, '/x')`).
 */
export function redirect(res: ServerResponse, status: number, location: string): void {
  res.setHeader('Location', location);
  res.writeHead(status);
  res.write(location);
  res.end();
}

/**
 * Next's `sendError`: the message is both the status-line reason phrase and
 * the body, with no Content-Type (docs/next-behaviour.md §8 "Error response format", §12).
 */
export function sendError(res: ServerResponse, statusCode: number, message: string): void {
  res.statusCode = statusCode;
  res.statusMessage = message;
  res.end(message);
}

/**
 * Next's plain `500 Internal Server Error` (docs/next-behaviour.md §12). A Content-Length left by
 * the body that failed (`send()` before Node rejected the status code) would
 * cut the error text short, so it goes; other headers set earlier stay, as on
 * Next's wire. After a partial write the text is appended (`end` writes it).
 */
export function sendInternalServerError(res: ServerResponse): void {
  if (!res.headersSent) res.removeHeader('Content-Length');
  sendError(res, 500, 'Internal Server Error');
}

/**
 * The 500 for an error: with `NODE_ENV=development` (`development`) its text
 * is the error's message and stack, as Next's development error page shows
 * them (§12 "Errors in dev"), as plain text; otherwise Next's bare
 * `Internal Server Error`. Once the head went out only the bare text can be
 * appended.
 */
export function sendServerError(res: ServerResponse, err: unknown, development: boolean): void {
  if (!development || res.headersSent) {
    sendInternalServerError(res);
    return;
  }
  // The stack starts with the error's name and message; a thrown non-Error is shown as text.
  const text = describeError(err);
  res.statusCode = 500;
  res.statusMessage = 'Internal Server Error';
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** What `apiRoutes()` answers itself, without a `next`: an unmatched URL (404), an undecodable param (400). */
export function endPlain(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.statusMessage = message;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(message));
  res.end(message);
}

/** Next's router redirect (docs/next-behaviour.md §5): 308, lower-case `location`, `Refresh`, the URL as body. */
export function permanentRedirect(res: ServerResponse, location: string): void {
  res.statusCode = 308;
  res.setHeader('location', location);
  res.setHeader('Refresh', `0;url=${location}`);
  res.end(location);
}
