/**
 * `req.body` (docs/next-behaviour.md §8): read the whole request with raw-body under the route's
 * size limit, decode it with the Content-Type charset (iconv-lite, which also
 * strips a UTF-8 BOM), then parse by media type. Errors are the two client
 * errors Next sends before the handler runs: 413 `Body exceeded <limit> limit`
 * and 400 `Invalid body` / `Invalid JSON`.
 *
 * Coexisting with Express (docs/design.md): a body parser upstream may already have
 * read the stream. That is decided from the stream, never from `req.body`'s
 * truthiness, so nothing is read twice and nothing waits for data that will
 * never come.
 */
import { parse as parseContentType } from 'content-type';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { decode as decodeUrlencoded } from 'node:querystring';
import getRawBody from 'raw-body';
import { ApiError } from '../errors';

export interface BodyLimit {
  /** Bytes; a body of exactly this size is accepted (docs/next-behaviour.md §8). */
  limit: number;
  /** The configured value as written, for the 413 message (`1mb`, `10b`, `20`). */
  limitText: string;
}

interface MediaType {
  type: string;
  charset: string;
}

const TEXT_PLAIN: MediaType = { type: 'text/plain', charset: 'utf-8' };

/**
 * Next parses `content-type || 'text/plain'` and falls back to text/plain when
 * the header does not parse (`garbage`, `application/json;`), so such a body
 * becomes a string rather than a 400. The type is lower-cased by the parser;
 * only the charset parameter matters.
 */
function mediaType(header: string | undefined): MediaType {
  if (!header) return TEXT_PLAIN;
  try {
    const { type, parameters } = parseContentType(header);
    return { type, charset: parameters.charset || 'utf-8' };
  } catch {
    return TEXT_PLAIN;
  }
}

/** JSON for `application/json` and `application/ld+json` only: an empty body is `{}`, anything unparsable (even whitespace) is 400. */
function parseJson(text: string): unknown {
  if (text.length === 0) return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, 'ERR_INVALID_JSON', 'Invalid JSON', err);
  }
}

/** The media-type table of docs/next-behaviour.md §8. Urlencoded uses Node's querystring: null prototype, arrays for repeats, 1000 keys. */
function parseByType(text: string, type: string): unknown {
  if (type === 'application/json' || type === 'application/ld+json') return parseJson(text);
  if (type === 'application/x-www-form-urlencoded') return decodeUrlencoded(text);
  return text;
}

function isRawBodyError(err: unknown): err is { type?: unknown; received?: unknown } {
  return typeof err === 'object' && err !== null;
}

/**
 * How much of a body left unread after an early error is still read (and
 * thrown away) so that the connection can serve its next request. Beyond it,
 * or when the rest is of unknown size (chunked), reading on would hand a
 * client free CPU and bandwidth (a 1 GiB declared body was read in full): the
 * answer then carries `Connection: close` and Node closes the socket once it
 * is sent, without reading further.
 */
const DRAIN_LIMIT = 64 * 1024;

/** Requests whose answer must close the connection (see DRAIN_LIMIT). */
const closeAfterAnswer = new WeakSet<IncomingMessage>();

/** After a body error: true when the answer must carry `Connection: close`. */
export function mustCloseConnection(req: IncomingMessage): boolean {
  return closeAfterAnswer.has(req);
}

/** Lingering close: how long the client gets to read the answer, and how much of its body is read meanwhile. */
const LINGER_MS = 2000;
const LINGER_BYTES = 256 * 1024;

/**
 * Closes the connection of a request answered with its body left unread, the
 * way servers have long done it ("lingering close"). The answer goes out with
 * `Connection: close` and a FIN; the socket is destroyed once the client has
 * closed its side, or after LINGER_MS. Destroying it at once (what Node does
 * after a `Connection: close` answer) while the client is still sending makes
 * the kernel send a reset, and a client that gets the reset before it has
 * read the 413 loses the 413 too. Meanwhile at most LINGER_BYTES more of the
 * body are read and thrown away; then the socket is no longer read and TCP
 * makes the client wait. Reading is started here, before the answer, also
 * because Node reads an untouched request to its end once the answer is sent.
 */
export function closeAfterAnswering(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) req.pause();
  });
  req.resume();
  res.once('finish', () => {
    const socket = req.socket;
    if (!socket || socket.destroyed) return;
    // Node has just ended the socket and queued its destroy for when the FIN is flushed.
    socket.removeListener('finish', socket.destroy);
    const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
    socket.once('close', () => clearTimeout(timer));
  });
}

/**
 * The rest of a body that failed early: drained when it is small and its size
 * is known (the connection stays usable), otherwise left unread and the
 * connection marked for closing. raw-body stops reading (pauses the stream)
 * on error, so nothing more is read unless resumed here.
 */
function settleUnread(req: IncomingMessage, err: unknown): void {
  if (req.readableEnded) return;
  const declared = Number(req.headers['content-length']);
  const received = isRawBodyError(err) && typeof err.received === 'number' ? err.received : 0;
  const unread = req.headers['content-length'] !== undefined && Number.isSafeInteger(declared) ? declared - received : Infinity;
  if (unread <= DRAIN_LIMIT) req.resume();
  else closeAfterAnswer.add(req);
}

/**
 * Reads and parses the request stream (docs/next-behaviour.md §8). Passing the declared
 * Content-Length lets raw-body reject an oversize body before reading a byte;
 * a chunked body is cut off once it passes the limit. On an error the rest of
 * the request is drained only when it is small (see DRAIN_LIMIT).
 */
export async function readBody(req: IncomingMessage, limit: BodyLimit): Promise<unknown> {
  const { type, charset } = mediaType(req.headers['content-type']);
  const length = req.headers['content-length'];
  let text: string;
  try {
    text = isUtf8(charset)
      ? utf8Text(await getRawBody(req, { limit: limit.limit, length }))
      : await getRawBody(req, { limit: limit.limit, length, encoding: charset });
  } catch (err) {
    settleUnread(req, err);
    if (isRawBodyError(err) && err.type === 'entity.too.large') {
      throw new ApiError(413, 'ERR_BODY_TOO_LARGE', `Body exceeded ${limit.limitText} limit`, err);
    }
    // Unknown charset, aborted request, length mismatch, unreadable stream.
    throw new ApiError(400, 'ERR_INVALID_BODY', 'Invalid body', err);
  }
  return parseByType(text, type);
}

/** `utf-8` in the spellings clients send (the media-type parser lower-cases the type, not the charset). */
function isUtf8(charset: string): boolean {
  if (charset === 'utf-8') return true;
  const lower = charset.toLowerCase();
  return lower === 'utf-8' || lower === 'utf8';
}

/**
 * The body's bytes as UTF-8 text, a leading byte-order mark dropped: what
 * raw-body's `encoding` gives through iconv-lite (invalid sequences become
 * U+FFFD either way), without a decoder per request (a charset-name RegExp, a
 * `StringDecoder` with a buffer of its own, a BOM wrapper). Other charsets
 * still go through iconv-lite. The POST row of `npm run bench` does not tell
 * the two apart (1.06× both ways in one targeted run; bench/README.md "Phase 7").
 */
function utf8Text(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** What parsing an empty body gives for this request's Content-Type: `{}`, a null-prototype `{}` or `''`. */
function emptyBody(headers: IncomingHttpHeaders): unknown {
  return parseByType('', mediaType(headers['content-type']).type);
}

/** True when something upstream already consumed the request stream. */
export function streamConsumed(req: IncomingMessage): boolean {
  // body-parser (1.x and 2.x) marks the requests it read with `_body = true`.
  return req.readableEnded || (req as IncomingMessage & { _body?: unknown })._body === true;
}

/** body-parser 1.x sets `req.body = {}` on every request it passes through, read or not. */
function isEmptyPlaceholder(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const proto: unknown = Object.getPrototypeOf(body);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in body) if (Object.prototype.hasOwnProperty.call(body, key)) return false;
  return true;
}

/** Stands for "the stream must be read": the one case that needs `await`. */
export const MUST_READ: unique symbol = Symbol('next-api-express must read body');

/** RFC 9112 §6.3: a request with neither Content-Length nor Transfer-Encoding has no body. */
function declaresNoBody(headers: IncomingHttpHeaders): boolean {
  return headers['content-length'] === undefined && headers['transfer-encoding'] === undefined;
}

/**
 * The value `req.body` gets for a route whose body parser is on, when it can
 * be known without reading; `MUST_READ` otherwise:
 *
 * - stream already consumed upstream: keep the upstream `req.body`; if that is
 *   falsy (e.g. `express.text()` of an empty body), what parsing an empty body
 *   gives, so the handler sees the same shape as in Next;
 * - stream untouched and any truthy `req.body` other than body-parser 1.x's
 *   unread `{}` placeholder: keep it, as Next keeps a body a custom server set
 *   (docs/next-behaviour.md §8 "When it runs");
 * - no body declared (a GET, say): what parsing an empty body gives — the same
 *   value reading it would give, without a trip through the stream.
 *
 * `current` is what `req.body` held (request-properties.ts `upstreamBody`) and
 * `headers` the request's headers, both read once by the caller.
 */
export function settledBody(req: IncomingMessage, current: unknown, headers: IncomingHttpHeaders): unknown {
  // A GET, say: no body declared and none set upstream gives the empty body
  // whatever the stream's state, so the stream (a getter chain) is not asked.
  if (!current && declaresNoBody(headers)) return emptyBody(headers);
  if (streamConsumed(req)) return current ? current : emptyBody(headers);
  if (current && !isEmptyPlaceholder(current)) return current;
  return declaresNoBody(headers) ? emptyBody(headers) : MUST_READ;
}
