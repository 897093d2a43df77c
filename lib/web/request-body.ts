/**
 * The Node request body as a Web `ReadableStream`, read on demand: nothing is
 * read before the handler asks (`text()`, `json()`, `formData()`, the `body`
 * reader), one chunk at a time, and Node's own flow control holds the client
 * back while the handler is slow. A client that goes away mid-body errors the
 * stream.
 *
 * A body parser mounted before the folder (`express.json()` and friends) may
 * have read the stream already; the handler then gets what that parser kept.
 */
import type { IncomingMessage } from 'node:http';

/** body-parser (1.x and 2.x) marks the requests it read with `_body = true`. */
export function bodyConsumed(req: IncomingMessage): boolean {
  return req.readableEnded || (req as IncomingMessage & { _body?: unknown })._body === true;
}

/** RFC 9112 §6.3: neither Content-Length nor Transfer-Encoding means no body. */
function declaresNoBody(req: IncomingMessage): boolean {
  return req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.close() });
}

function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (bytes.byteLength) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/**
 * What an upstream parser left in `req.body`, as bytes: a Buffer or string as
 * it is, an object as JSON (express.json) or urlencoded text (express.urlencoded).
 */
function upstreamBytes(req: IncomingMessage & { body?: unknown }): Uint8Array {
  const body = req.body;
  if (body === undefined || body === null) return new Uint8Array(0);
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return Buffer.from(body);
  const type = String(req.headers['content-type'] ?? '');
  if (typeof body === 'object' && /^application\/x-www-form-urlencoded/i.test(type)) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(body)) {
      for (const item of Array.isArray(value) ? value : [value]) form.append(key, String(item));
    }
    return Buffer.from(form.toString());
  }
  return Buffer.from(JSON.stringify(body) ?? '');
}

/** Reads `req` chunk by chunk as the consumer pulls (high-water mark 0: no read-ahead). */
function nodeStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let cleanup = (): void => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        const onData = (chunk: Buffer): void => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        const onEnd = (): void => {
          cleanup();
          controller.close();
        };
        const onError = (err: Error): void => {
          cleanup();
          controller.error(err);
        };
        const onClose = (): void => {
          // 'close' without 'end': the client went away before the body was complete.
          if (!req.complete) onError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        };
        cleanup = () => {
          req.off('data', onData);
          req.off('end', onEnd);
          req.off('error', onError);
          req.off('close', onClose);
        };
        req.on('data', onData);
        req.once('end', onEnd);
        req.once('error', onError);
        req.once('close', onClose);
      },
      pull() {
        req.resume();
      },
      cancel() {
        // The handler gave up on the body: stop listening, let Node discard the rest.
        cleanup();
        req.resume();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The body stream for a request that may carry one (not GET or HEAD: those have `body === null`). */
export function requestBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  if (bodyConsumed(req)) return bytesStream(upstreamBytes(req));
  if (declaresNoBody(req)) return emptyStream();
  return nodeStream(req);
}
