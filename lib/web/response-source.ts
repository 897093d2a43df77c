/**
 * The text or bytes a `Response` was built from (`Response.json(x)`,
 * `new Response('text')`, `new Response(bytes)`), when nothing has read its
 * body yet: then the answer can be written in one piece instead of being
 * pulled through its `ReadableStream` (docs/design.md "Rules that keep it
 * fast"; the stream would yield exactly these bytes, and the wire is the same).
 *
 * The Fetch API has no public way to ask, so this looks at the state Node's
 * fetch implementation (undici) keeps on the object, found once by its symbol's
 * name, and trusts it only when it is consistent with the public view:
 * `body` is the very stream that state holds, unlocked, unread. Anything else
 * — a stream the handler made, a Blob or FormData body, a body read or locked
 * by the handler, a `Response` from another implementation, a Node version
 * that keeps it elsewhere — returns undefined and the caller streams the body.
 * A clone keeps the source too: a response whose clone was read still
 * yields its whole body, and a clone whose original was read is streamed
 * (see the byte check below).
 */

interface BodyState {
  stream?: unknown;
  source?: unknown;
  /** The body's length in bytes when it was made. */
  length?: unknown;
}

/** The symbol under which undici keeps a Response's state; null when this Node keeps none we know. */
let stateKey: symbol | null | undefined;

function stateKeyOf(response: Response): symbol | null {
  if (stateKey === undefined) {
    stateKey = Object.getOwnPropertySymbols(response).find((s) => s.description === 'state') ?? null;
  }
  return stateKey;
}

/** The unread body of `response` as a string or bytes, or undefined when it must be streamed. */
export function unreadSource(response: Response, body: ReadableStream<Uint8Array>): string | Uint8Array | undefined {
  if (body.locked || response.bodyUsed) return undefined;
  const key = stateKeyOf(response);
  if (key === null) return undefined;
  const state = (response as unknown as Record<symbol, { body?: BodyState | null } | undefined>)[key];
  const inner = state?.body;
  if (!inner || inner.stream !== body) return undefined;
  const source = inner.source;
  if (typeof source === 'string') return source;
  // Bytes are handed to the stream by transfer once it is pulled (a clone's
  // tee pulls it when the other branch is read), which leaves the source
  // detached and empty: only bytes still all there can stand in for the stream.
  if (source instanceof Uint8Array && source.byteLength === inner.length) return source;
  return undefined;
}
