'use strict';
// Pure comparison of two recorded responses (see conformance/client.js for the
// recorded shape). No I/O.
//
// Normalisation (docs/next-behaviour.md §0 "Transport-level noise"):
// - `Date`, `Connection`, `Keep-Alive` and `Transfer-Encoding` are ignored.
// - `Accept-Encoding` is removed from `Vary` (Next's compression middleware adds it);
//   a Vary left empty is dropped.
// - `Content-Length` is compared when Next sent one. When Next did not (its
//   compression middleware turns every body without an explicit length into a
//   chunked one), a Content-Length on the other side is framing only and is accepted
//   if it equals that response's body length (or the request was HEAD).
// - The random JWT of `__next_preview_data=<jwt>` in Set-Cookie is replaced by a
//   description of its structure: header alg/typ, claim names, `data` hex length,
//   `iat` an integer, and `exp` = iat + Max-Age when the cookie has a Max-Age.
//
// - opts.ports = { expected, actual } (App Router suite: request.url carries
//   `localhost:<port>`, echoed headers carry `127.0.0.1:<port>` and the port alone):
//   in header values and text bodies, `localhost:<port>` / `127.0.0.1:<port>` and a
//   JSON string that is exactly the port become `<port>` on both sides; gzip
//   bodies are inflated for this and then compared by content. Without
//   opts.ports nothing is replaced.
//
// Compared: outcome (response / timeout / connection error), status, reason phrase,
// every remaining header (names case-insensitively; values exactly and in order, so
// multiple Set-Cookie headers must come in the same order), the body bytes, a
// protocol error after the head (a body longer than its Content-Length), and
// whether the body ended early (`incomplete`: the server closed the connection
// mid-body, e.g. a response stream that failed).
//
// - opts.buildIds = { expected, actual } (App Router suite: Next's 404 page and RSC
//   payloads embed the build id): in the bodies (gunzipped first when
//   Content-Encoding is gzip), the build id becomes `<build-id>`; when that makes
//   two different bodies equal, their ETag, Content-Length and body bytes are not
//   reported as different.
// - opts.relativeExpires: in a Set-Cookie with Max-Age=N, an `Expires` that is the
//   response's Date + N (within 2 s) becomes `Expires=<Date + Max-Age>`.
//
// normaliseLogLine(): a server log line without what changes from build to build
// (the names and positions of Next's compiled chunks in stack traces).

const crypto = require('node:crypto');
const zlib = require('node:zlib');

const IGNORED_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

function bodyBuffer(recorded) {
  if (recorded.bodyBase64 !== undefined) return Buffer.from(recorded.bodyBase64, 'base64');
  if (recorded.body !== undefined) return Buffer.from(recorded.body, 'utf8');
  return null;
}

/** { length, sha256, text? } — text only for inline bodies, for readable diffs. */
function bodyDigest(recorded) {
  if (recorded.bodySha256 !== undefined) {
    return { length: recorded.bodyLength, sha256: recorded.bodySha256 };
  }
  const buf = bodyBuffer(recorded) || Buffer.alloc(0);
  return {
    length: buf.length,
    sha256: crypto.createHash('sha256').update(buf).digest('hex'),
    text: Buffer.from(buf.toString('utf8'), 'utf8').equals(buf) ? buf.toString('utf8') : undefined,
    base64: buf.toString('base64'),
  };
}

function base64urlJson(part) {
  try {
    const json = Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** Describe a preview-data JWT by its structure, given the cookie's Max-Age (or undefined). */
function describeJwt(jwt, maxAge) {
  const parts = jwt.split('.');
  if (parts.length !== 3) return '<jwt invalid: not three parts>';
  const header = base64urlJson(parts[0]);
  const claims = base64urlJson(parts[1]);
  if (!header || typeof header !== 'object') return '<jwt invalid: header>';
  if (!claims || typeof claims !== 'object') return '<jwt invalid: claims>';
  const out = [`alg=${header.alg}`, `typ=${header.typ}`, `claims=${Object.keys(claims).sort().join(',')}`];
  const data = claims.data;
  out.push(typeof data === 'string' && /^[0-9a-f]+$/.test(data) ? `data=hex(${data.length})` : `data=${typeof data}`);
  out.push(Number.isInteger(claims.iat) ? 'iat=int' : `iat=${typeof claims.iat}`);
  if (claims.exp !== undefined) {
    const delta = Number.isInteger(claims.exp) && Number.isInteger(claims.iat) ? claims.exp - claims.iat : NaN;
    out.push(maxAge !== undefined && delta === maxAge ? 'exp=iat+Max-Age' : `exp=iat+${delta}`);
  } else if (maxAge !== undefined) {
    out.push('exp=missing');
  }
  out.push(/^[A-Za-z0-9_-]+$/.test(parts[2]) ? 'sig=base64url' : 'sig=invalid');
  return `<jwt ${out.join(' ')}>`;
}

function normaliseSetCookie(value) {
  const m = /^(\s*__next_preview_data=)([^;]+)(.*)$/s.exec(value);
  if (!m) return value;
  const ma = /;\s*Max-Age=(-?\d+)/i.exec(m[3]);
  return m[1] + describeJwt(m[2].trim(), ma ? Number(ma[1]) : undefined) + m[3];
}

/** Replace the server's port in a string (see opts.ports); `port` undefined: unchanged. */
function withoutPort(text, port) {
  if (port === undefined || port === null) return text;
  const p = String(port);
  return text
    .split(`localhost:${p}`).join('localhost:<port>')
    .split(`127.0.0.1:${p}`).join('127.0.0.1:<port>')
    .split(`"${p}"`).join('"<port>"');
}

/**
 * A recorded response with the port replaced in header values and the body; a
 * gzip body is inflated first (the port is inside it), so it is then compared
 * by its content.
 */
function replacePort(recorded, port) {
  if (port === undefined || port === null || !recorded || !Array.isArray(recorded.headers)) return recorded;
  const out = { ...recorded, headers: recorded.headers.map(([k, v]) => [k, withoutPort(v, port)]) };
  const encoding = recorded.headers.find(([k]) => k.toLowerCase() === 'content-encoding');
  if (recorded.bodyBase64 !== undefined && encoding && encoding[1].trim().toLowerCase() === 'gzip') {
    try {
      const text = zlib.gunzipSync(Buffer.from(recorded.bodyBase64, 'base64')).toString('utf8');
      delete out.bodyBase64;
      out.body = `<gunzipped>${withoutPort(text, port)}`;
    } catch {
      /* not gzip after all: compared as bytes */
    }
  } else if (typeof recorded.body === 'string') {
    out.body = withoutPort(recorded.body, port);
  }
  return out;
}

/** `Expires` of a Set-Cookie that is Date + Max-Age, written as a rule instead of a date. */
function relativeExpires(recorded) {
  if (!recorded || !Array.isArray(recorded.headers)) return recorded;
  const dateHeader = recorded.headers.find(([k]) => k.toLowerCase() === 'date');
  const date = dateHeader ? Date.parse(dateHeader[1]) : NaN;
  if (Number.isNaN(date)) return recorded;
  const headers = recorded.headers.map(([k, v]) => {
    if (k.toLowerCase() !== 'set-cookie') return [k, v];
    const maxAge = /;\s*Max-Age=(-?\d+)/i.exec(v);
    const expires = /;\s*Expires=([^;]+)/i.exec(v);
    if (!maxAge || !expires) return [k, v];
    const delta = Date.parse(expires[1]) - date - Number(maxAge[1]) * 1000;
    if (!(Math.abs(delta) <= 2000)) return [k, v];
    return [k, v.replace(expires[0], expires[0].replace(expires[1], '<Date + Max-Age>'))];
  });
  return { ...recorded, headers };
}

/** The body as text with the build id replaced (gzip bodies inflated first); null if not text. */
function bodyWithoutBuildId(recorded, buildId) {
  let buf = bodyBuffer(recorded);
  if (!buf || !buildId) return null;
  const encoding = (recorded.headers || []).find(([k]) => k.toLowerCase() === 'content-encoding');
  if (encoding && encoding[1].trim().toLowerCase() === 'gzip') {
    try {
      buf = zlib.gunzipSync(buf);
    } catch {
      return null;
    }
  }
  const text = buf.toString('utf8');
  return text.split(buildId).join('<build-id>');
}

/** A server log line without build-specific chunk names and positions. */
function normaliseLogLine(line) {
  return line.replace(/\.next\/server\/[^\s()]+?\.js(:\d+:\d+)?/g, '<next-chunk>');
}

function normaliseVary(value) {
  const tokens = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t && t.toLowerCase() !== 'accept-encoding');
  return tokens.length ? tokens.join(', ') : null;
}

/**
 * Normalised form of a recorded response:
 * { outcome, status, statusMessage, headers: Map(lowerName -> [values]), body, protocolError }
 * outcome is 'response', 'timeout' or 'error:<code>'.
 */
function normaliseResponse(recorded) {
  if (recorded.timeout) return { outcome: 'timeout' };
  if (recorded.error) return { outcome: `error:${recorded.error}` };
  const headers = new Map();
  for (const [rawName, rawValue] of recorded.headers || []) {
    const name = rawName.toLowerCase();
    if (IGNORED_HEADERS.has(name)) continue;
    let value = rawValue;
    if (name === 'vary') value = normaliseVary(value);
    else if (name === 'set-cookie') value = normaliseSetCookie(value);
    if (value === null) continue;
    if (!headers.has(name)) headers.set(name, []);
    headers.get(name).push(value);
  }
  return {
    outcome: 'response',
    status: recorded.status,
    statusMessage: recorded.statusMessage,
    headers,
    body: bodyDigest(recorded),
    protocolError: recorded.protocolError || null,
    incomplete: Boolean(recorded.incomplete),
  };
}

function show(values) {
  return values === undefined ? '(absent)' : values.map((v) => JSON.stringify(v)).join(' | ');
}

function showBody(b) {
  if (b.text !== undefined) {
    const t = b.text.length > 300 ? b.text.slice(0, 300) + `… (${b.length} bytes)` : b.text;
    return JSON.stringify(t);
  }
  if (b.base64 !== undefined) return `base64:${b.base64.slice(0, 120)} (${b.length} bytes)`;
  return `sha256:${b.sha256} (${b.length} bytes)`;
}

/** Both bodies around their first difference when both are text, else both in full (cut). */
function bodyMessage(e, a) {
  if (e.text === undefined || a.text === undefined || (e.text.length <= 300 && a.text.length <= 300)) {
    return `expected ${showBody(e)}, got ${showBody(a)}`;
  }
  let i = 0;
  while (i < e.text.length && i < a.text.length && e.text[i] === a.text[i]) i += 1;
  const from = Math.max(0, i - 80);
  const cut = (t) => (from > 0 ? '…' : '') + t.slice(from, i + 160) + (t.length > i + 160 ? '…' : '');
  return `first difference at character ${i}: expected ${JSON.stringify(cut(e.text))} (${e.length} bytes), got ${JSON.stringify(cut(a.text))} (${a.length} bytes)`;
}

/**
 * Differences between an expected (golden) and an actual recorded response.
 * Returns [{ field, expected, actual, message }]; field is one of
 * 'outcome', 'status', 'statusMessage', 'header:<lower-case name>', 'body', 'protocolError', 'incomplete'.
 * opts.method: the request method (HEAD responses carry no body to frame).
 * opts.ports, opts.buildIds, opts.relativeExpires: see the top of this file (all off by default).
 */
function compare(expected, actual, opts = {}) {
  const ports = opts.ports || {};
  const adjust = (r, port) => (opts.relativeExpires ? relativeExpires(replacePort(r, port)) : replacePort(r, port));
  const e = normaliseResponse(adjust(expected, ports.expected));
  const a = normaliseResponse(adjust(actual, ports.actual));
  const diffs = [];
  const add = (field, exp, act, message) => diffs.push({ field, expected: exp, actual: act, message });

  if (e.outcome !== a.outcome) {
    add('outcome', e.outcome, a.outcome, `outcome: expected ${e.outcome}, got ${a.outcome}`);
    return diffs;
  }
  if (e.outcome !== 'response') return diffs;

  if (e.status !== a.status) add('status', e.status, a.status, `status: expected ${e.status}, got ${a.status}`);
  if (e.statusMessage !== a.statusMessage) {
    add('statusMessage', e.statusMessage, a.statusMessage, `reason phrase: expected ${JSON.stringify(e.statusMessage)}, got ${JSON.stringify(a.statusMessage)}`);
  }

  // Bodies that differ only by the build id: their hash-derived headers differ too.
  let sameButBuildId = false;
  if (opts.buildIds && e.outcome === 'response' && e.body.sha256 !== a.body.sha256) {
    const et = bodyWithoutBuildId(expected, opts.buildIds.expected);
    const at = bodyWithoutBuildId(actual, opts.buildIds.actual);
    sameButBuildId = et !== null && et === at;
  }
  const names = [...new Set([...e.headers.keys(), ...a.headers.keys()])];
  for (const name of names) {
    if (sameButBuildId && (name === 'etag' || name === 'content-length')) continue;
    const ev = e.headers.get(name);
    const av = a.headers.get(name);
    if (name === 'content-length' && ev === undefined && av !== undefined) {
      const framingOnly = av.length === 1 && (opts.method === 'HEAD' || Number(av[0]) === a.body.length);
      if (framingOnly) continue;
    }
    if (JSON.stringify(ev) !== JSON.stringify(av)) {
      add(`header:${name}`, ev, av, `header ${name}: expected ${show(ev)}, got ${show(av)}`);
    }
  }

  if (!sameButBuildId && (e.body.sha256 !== a.body.sha256 || e.body.length !== a.body.length)) {
    add('body', showBody(e.body), showBody(a.body), `body: ${bodyMessage(e.body, a.body)}`);
  }
  if (e.protocolError !== a.protocolError) {
    add('protocolError', e.protocolError, a.protocolError, `protocol error after the head: expected ${e.protocolError}, got ${a.protocolError}`);
  }
  if (e.incomplete !== a.incomplete) {
    const say = (x) => (x ? 'ended early' : 'complete');
    add('incomplete', e.incomplete, a.incomplete, `body: expected ${say(e.incomplete)}, got ${say(a.incomplete)}`);
  }
  return diffs;
}

/**
 * Whether a difference is covered by an entry of conformance/differences.json.
 * Entry: { caseId, reason, hosts?: [hostName], compare?: [field], allow?: [field] }
 * - `compare`: only these fields are compared; any other difference is accepted.
 * - `allow`: these fields may differ (a field ending in ':*' covers every header).
 */
function isAllowed(diff, entry, host) {
  if (!entry) return false;
  if (entry.hosts && host && !entry.hosts.includes(host)) return false;
  const matches = (list) =>
    list.some((f) => f === diff.field || (f === 'header:*' && diff.field.startsWith('header:')));
  if (entry.compare) return !matches(entry.compare);
  if (entry.allow) return matches(entry.allow);
  return false;
}

/** Format differences of one case for a failure message. */
function formatDiffs(caseId, diffs) {
  return [`case ${caseId}:`, ...diffs.map((d) => `  - ${d.message}`)].join('\n');
}

module.exports = { normaliseResponse, compare, isAllowed, formatDiffs, describeJwt, normaliseLogLine, IGNORED_HEADERS };
