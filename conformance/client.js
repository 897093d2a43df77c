'use strict';
// Shared request code of the conformance suite: the recorder
// (scripts/record-golden.js) and the replay test (__tests__/conformance.test.ts)
// send every case through runCase(), so both sides put the same bytes on the wire.
//
// - The path is sent byte for byte (`/api//echo`, `/api\echo`, `/api/x/../echo`).
// - No Accept-Encoding header is sent (no gzip), and `agent: false` gives every
//   case its own connection (`Connection: close`).
// - Bodies: `body` (text), `bodyBase64` (bytes) or `bodyRepeat` ({ text, times,
//   optional prefix and suffix }, e.g. a large JSON array);
//   a body gets an explicit Content-Length unless `chunked: true`, which writes it
//   in pieces with `Transfer-Encoding: chunked` and no Content-Length.
// - The response is recorded raw: status, reason phrase, rawHeaders as ordered
//   [name, value] pairs, and the body as text (valid UTF-8), base64 (other bytes) or,
//   above BODY_INLINE_LIMIT bytes, as length + sha256.
// - A case with no response within timeoutMs is recorded as { timeout: true }.
// - A response whose body ended early (the server closed the connection before
//   the end of the message, e.g. a stream that failed midway) gets `incomplete: true`.
// - `wire: true` on a case also records `wire`: the bytes that followed the head
//   on the socket, framing included (chunk-size lines), as text or base64.

const http = require('node:http');
const crypto = require('node:crypto');

const DEFAULT_TIMEOUT_MS = 15000;
const BODY_INLINE_LIMIT = 64 * 1024;

/** The request body of a case as a Buffer, or null when the case sends none. */
function caseBody(c) {
  if (c.bodyBase64 !== undefined) return Buffer.from(c.bodyBase64, 'base64');
  if (c.body !== undefined) return Buffer.from(c.body, 'utf8');
  if (c.bodyRepeat !== undefined) {
    const { text, times, prefix = '', suffix = '' } = c.bodyRepeat;
    return Buffer.from(prefix + String(text).repeat(times) + suffix, 'utf8');
  }
  return null;
}

/** Value of the first `name=` cookie among a recorded response's Set-Cookie headers. */
function setCookieValue(recorded, name) {
  if (!recorded || !Array.isArray(recorded.headers)) return undefined;
  for (const [h, v] of recorded.headers) {
    if (h.toLowerCase() !== 'set-cookie') continue;
    const pair = v.split(';')[0];
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Replace `{{previewModeId}}` and `{{cookie:<caseId>:<cookieName>}}` in a string.
 * ctx: { previewModeId, responses: { [caseId]: recorded } }.
 */
function resolvePlaceholders(value, ctx) {
  return value.replace(/\{\{([^}]+)\}\}/g, (whole, expr) => {
    if (expr === 'previewModeId') {
      if (!ctx.previewModeId) throw new Error('placeholder {{previewModeId}} has no value');
      return ctx.previewModeId;
    }
    const m = /^cookie:([^:]+):(.+)$/.exec(expr);
    if (m) {
      const v = setCookieValue(ctx.responses && ctx.responses[m[1]], m[2]);
      if (v === undefined) throw new Error(`placeholder ${whole}: case ${m[1]} set no cookie ${m[2]}`);
      return v;
    }
    throw new Error(`unknown placeholder ${whole}`);
  });
}

/** The headers of a case with placeholders resolved (values may be arrays: repeated headers). */
function caseHeaders(c, ctx) {
  const out = {};
  for (const [name, value] of Object.entries(c.headers || {})) {
    out[name] = Array.isArray(value) ? value.map((v) => resolvePlaceholders(v, ctx)) : resolvePlaceholders(value, ctx);
  }
  return out;
}

/** True if any header of the case uses a `{{cookie:...}}` placeholder. */
function usesCookiePlaceholder(c) {
  return JSON.stringify(c.headers || {}).includes('{{cookie:');
}

function encodeBody(buf) {
  if (buf.length > BODY_INLINE_LIMIT) {
    return {
      bodyLength: buf.length,
      bodySha256: crypto.createHash('sha256').update(buf).digest('hex'),
    };
  }
  const text = buf.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(buf)) return { body: text };
  return { bodyBase64: buf.toString('base64') };
}

/** The bytes after the first blank line (the end of the response head), as text or base64. */
function afterHead(buf) {
  const end = buf.indexOf('\r\n\r\n');
  const rest = end === -1 ? Buffer.alloc(0) : buf.subarray(end + 4);
  const text = rest.toString('utf8');
  return Buffer.from(text, 'utf8').equals(rest) ? text : { base64: rest.toString('base64') };
}

function pairs(rawHeaders) {
  const out = [];
  for (let i = 0; i < rawHeaders.length; i += 2) out.push([rawHeaders[i], rawHeaders[i + 1]]);
  return out;
}

/**
 * Send one case to baseUrl (e.g. `http://127.0.0.1:3000`) and record the response.
 * ctx resolves placeholders (see resolvePlaceholders).
 * Resolves to { status, statusMessage, headers, body | bodyBase64 | bodyLength+bodySha256 }
 * (+ protocolError when the server sent bytes past the end of the message),
 * or { timeout: true } or { error: code } (connection failed before a response).
 */
function runCase(baseUrl, c, ctx = {}) {
  const url = new URL(baseUrl);
  const headers = caseHeaders(c, ctx);
  const body = caseBody(c);
  const lower = Object.keys(headers).map((h) => h.toLowerCase());
  if (body !== null && c.chunked) {
    if (!lower.includes('transfer-encoding')) headers['Transfer-Encoding'] = 'chunked';
  } else if (body !== null && !lower.includes('content-length')) {
    headers['Content-Length'] = String(body.length);
  }
  const timeoutMs = c.timeoutMs || DEFAULT_TIMEOUT_MS;

  return new Promise((resolve) => {
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method: c.method || 'GET',
      path: c.path,
      headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      finish({ timeout: true });
      req.destroy();
    }, timeoutMs);
    let response = null;
    let protocolError = null;
    const raw = [];
    if (c.wire) req.on('socket', (socket) => socket.on('data', (d) => raw.push(d)));
    req.on('error', (err) => {
      const code = err.code || String(err.message);
      // After the head has arrived, a parse error means the server sent bytes past
      // the end of the message (e.g. a body longer than its Content-Length); the
      // response as the client parsed it is still recorded, with the error noted.
      if (response) protocolError = code;
      else finish({ error: code });
    });
    req.on('response', (res) => {
      response = res;
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      const complete = () =>
        finish({
          status: res.statusCode,
          statusMessage: res.statusMessage,
          headers: pairs(res.rawHeaders),
          ...encodeBody(Buffer.concat(chunks)),
          ...(protocolError ? { protocolError } : {}),
          ...(res.complete ? {} : { incomplete: true }),
          ...(c.wire ? { wire: afterHead(Buffer.concat(raw)) } : {}),
        });
      res.on('end', () => setImmediate(complete)); // let a trailing parse error be seen first
      res.on('aborted', complete);
      res.on('error', complete);
      res.on('close', complete);
    });
    if (body !== null && c.chunked) {
      // Write in a few pieces so the server sees a streamed body.
      const step = Math.max(1, Math.ceil(body.length / 3));
      for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
      req.end();
    } else if (body !== null) {
      req.end(body);
    } else {
      req.end();
    }
  });
}

/**
 * Run cases in order against baseUrl. Returns { [caseId]: recorded }.
 * The `{{cookie:...}}` placeholders of a case read from the responses recorded
 * earlier in this same run, unless opts.cookieSource is given.
 */
async function runCases(baseUrl, cases, opts = {}) {
  const responses = {};
  for (const c of cases) {
    const ctx = {
      previewModeId: opts.previewModeId,
      responses: opts.cookieSource || responses,
    };
    responses[c.id] = await runCase(baseUrl, c, ctx);
  }
  return responses;
}

module.exports = {
  DEFAULT_TIMEOUT_MS,
  BODY_INLINE_LIMIT,
  runCase,
  runCases,
  caseBody,
  caseHeaders,
  resolvePlaceholders,
  setCookieValue,
  usesCookiePlaceholder,
};
