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
// Compared: outcome (response / timeout / connection error), status, reason phrase,
// every remaining header (names case-insensitively; values exactly and in order, so
// multiple Set-Cookie headers must come in the same order), the body bytes, and a
// protocol error after the head (a body longer than its Content-Length).

const crypto = require('node:crypto');

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
 * 'outcome', 'status', 'statusMessage', 'header:<lower-case name>', 'body', 'protocolError'.
 * opts.method: the request method (HEAD responses carry no body to frame).
 */
function compare(expected, actual, opts = {}) {
  const e = normaliseResponse(expected);
  const a = normaliseResponse(actual);
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

  const names = [...new Set([...e.headers.keys(), ...a.headers.keys()])];
  for (const name of names) {
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

  if (e.body.sha256 !== a.body.sha256 || e.body.length !== a.body.length) {
    add('body', showBody(e.body), showBody(a.body), `body: ${bodyMessage(e.body, a.body)}`);
  }
  if (e.protocolError !== a.protocolError) {
    add('protocolError', e.protocolError, a.protocolError, `protocol error after the head: expected ${e.protocolError}, got ${a.protocolError}`);
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

module.exports = { normaliseResponse, compare, isAllowed, formatDiffs, describeJwt, IGNORED_HEADERS };
