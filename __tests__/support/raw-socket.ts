/**
 * HTTP/1.1 over a bare `net` socket (the attack suite's client), for what an HTTP client library will not
 * send (fragments, absolute-form targets, conflicting framing headers, slow or
 * endless bodies) and for seeing exactly what the server does with the
 * connection afterwards (keeps it, closes it, resets it).
 */
import net from 'node:net';

export interface ParsedResponse {
  status: number;
  reason: string;
  /** Lower-case names; repeated headers as arrays. */
  headers: Record<string, string | string[]>;
  /** Decoded body (chunked framing removed). */
  body: string;
  /** Content-Length satisfied, or the last chunk seen, or a bodiless status. */
  complete: boolean;
}

export interface Exchange {
  /** Every response read on the connection, in order. */
  responses: ParsedResponse[];
  /** The first response, if any. */
  response: ParsedResponse | undefined;
  /** Raw bytes received. */
  raw: string;
  /** The server ended or reset the connection before the deadline. */
  closedByServer: boolean;
  /** A socket error code (ECONNRESET, EPIPE...), if one happened. */
  error: string | undefined;
  /** Body bytes this client managed to write. */
  bytesSent: number;
}

/** Parses as many complete-or-final responses as `buf` holds. `closed`: no more bytes will come. */
export function parseResponses(buf: Buffer, closed: boolean, headRequest = false): ParsedResponse[] {
  const out: ParsedResponse[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const headEnd = buf.indexOf('\r\n\r\n', offset);
    if (headEnd === -1) break;
    const lines = buf.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const statusLine = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0]);
    if (!statusLine) break;
    const headers: Record<string, string | string[]> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const previous = headers[name];
      headers[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    const status = Number(statusLine[1]);
    let cursor = headEnd + 4;
    let body: Buffer = Buffer.alloc(0);
    let complete = false;
    if (headRequest || status === 204 || status === 304 || (status >= 100 && status < 200)) {
      complete = true;
    } else if (String(headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', cursor);
        if (lineEnd === -1) break;
        const size = parseInt(buf.subarray(cursor, lineEnd).toString('latin1'), 16);
        if (Number.isNaN(size)) break;
        if (size === 0) {
          const trailerEnd = buf.indexOf('\r\n\r\n', lineEnd);
          if (trailerEnd !== -1 || buf.indexOf('\r\n', lineEnd + 2) === lineEnd + 2) {
            complete = true;
            cursor = trailerEnd !== -1 ? trailerEnd + 4 : lineEnd + 4;
          }
          break;
        }
        if (lineEnd + 2 + size > buf.length) {
          parts.push(buf.subarray(lineEnd + 2));
          cursor = buf.length;
          break;
        }
        parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        cursor = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      body = buf.subarray(cursor, Math.min(buf.length, cursor + length));
      complete = body.length === length;
      cursor += body.length;
    } else {
      body = buf.subarray(cursor);
      complete = closed;
      cursor = buf.length;
    }
    out.push({ status, reason: statusLine[2], headers, body: body.toString('utf8'), complete });
    if (!complete) break;
    offset = cursor;
  }
  return out;
}

export interface ExchangeOptions {
  /** Give up (and destroy the socket) after this long. */
  deadlineMs?: number;
  /** Resolve once this many complete responses arrived, without waiting for the server to close. */
  responses?: number;
  /** After the awaited responses, how long to keep watching for the server closing the connection. */
  watchCloseMs?: number;
  /** Written after the head, respecting backpressure, until the server closes or `maxBytes` went out. */
  body?: { chunk: Buffer; maxBytes: number; chunked?: boolean };
  /** Extra writes after the request text, each after `everyMs` (slow clients). */
  trickle?: { parts: string[]; everyMs: number };
  head?: boolean;
}

/**
 * Writes `request` (and the optional body pump or trickle) on a fresh
 * connection and collects what comes back. Never rejects: socket errors are
 * part of the outcome.
 */
export function exchange(port: number, request: string | Buffer, opts: ExchangeOptions = {}): Promise<Exchange> {
  const deadlineMs = opts.deadlineMs ?? 3000;
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let error: string | undefined;
    let closedByServer = false;
    let bytesSent = 0;
    let done = false;
    let watchTimer: NodeJS.Timeout | undefined;
    let trickleTimer: NodeJS.Timeout | undefined;

    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearTimeout(watchTimer);
      clearInterval(trickleTimer);
      const raw = Buffer.concat(received);
      const responses = parseResponses(raw, closedByServer, opts.head);
      socket.destroy();
      resolve({ responses, response: responses[0], raw: raw.toString('latin1'), closedByServer, error, bytesSent });
    };
    const deadline = setTimeout(finish, deadlineMs);

    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (opts.responses === undefined || watchTimer) return;
      const parsed = parseResponses(Buffer.concat(received), false, opts.head);
      if (parsed.filter((r) => r.complete).length >= opts.responses) {
        if (!opts.watchCloseMs) finish();
        else watchTimer = setTimeout(finish, opts.watchCloseMs);
      }
    });
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
      // A reset after the response still means the server closed the connection.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') closedByServer = true;
      finish();
    });
    socket.on('close', () => {
      closedByServer = closedByServer || !done;
      finish();
    });
    socket.on('connect', () => {
      socket.write(request);
      if (opts.body) {
        const { chunk, maxBytes, chunked } = opts.body;
        const frame = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
        const pump = (): void => {
          while (!done && !socket.destroyed && bytesSent < maxBytes) {
            bytesSent += chunk.length;
            if (!socket.write(frame)) {
              socket.once('drain', pump);
              return;
            }
          }
        };
        pump();
      }
      if (opts.trickle) {
        const parts = [...opts.trickle.parts];
        trickleTimer = setInterval(() => {
          const part = parts.shift();
          if (part === undefined || socket.destroyed) return clearInterval(trickleTimer);
          socket.write(part);
        }, opts.trickle.everyMs);
      }
    });
  });
}

/** A complete request text with `Connection: close` (so the exchange ends when the answer does). */
export function requestText(method: string, target: string, headers: Record<string, string> = {}, body = ''): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body && !Object.keys(headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h))) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** One request with `Connection: close`; resolves with the first response (or throws with what came back). */
export async function socketRequest(port: number, method: string, target: string, headers: Record<string, string> = {}, body = ''): Promise<ParsedResponse> {
  const result = await exchange(port, requestText(method, target, headers, body));
  if (!result.response) throw new Error(`no response to ${method} ${target} (${result.error ?? 'no error'}): ${JSON.stringify(result.raw)}`);
  return result.response;
}

export function jsonBody(response: ParsedResponse): unknown {
  return JSON.parse(response.body);
}
