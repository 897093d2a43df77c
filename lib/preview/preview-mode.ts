/**
 * Preview / draft mode (docs/next-behaviour.md §9 request side, §10.6 response side).
 *
 * Cookies: `__prerender_bypass` holds `previewModeId`; `__next_preview_data`
 * holds an HS256 JWT whose `data` claim is the encrypted JSON of the preview
 * data (jwt.ts, encryption.ts). With the same three keys as a Next.js
 * deployment, cookies set by either side are accepted by the other.
 */
import { serialize } from 'cookie';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { BoundedCache } from './bounded-cache';
import { decryptWithSecret, encryptWithSecret } from './encryption';
import { isWithinTimeClaims, signPreviewJwt, verifyPreviewJwt } from './jwt';
import type { PreviewData, PreviewDataOptions, PreviewModeKeys } from '../types';

const COOKIE_NAME_PRERENDER_BYPASS = '__prerender_bypass';
const COOKIE_NAME_PRERENDER_DATA = '__next_preview_data';
export const PRERENDER_REVALIDATE_HEADER = 'x-prerender-revalidate';
export const PRERENDER_REVALIDATE_ONLY_GENERATED_HEADER = 'x-prerender-revalidate-if-generated';

/** Next's limit on the JWT string (docs/next-behaviour.md §10.6). */
const MAX_PREVIEW_JWT_LENGTH = 2048;
const PREVIEW_DATA_TOO_LARGE =
  'Preview data is limited to 2KB currently, reduce how much data you are storing as preview data to continue';

/** Responses whose preview cookies were already cleared: clearing is idempotent per response (docs/next-behaviour.md §10.6). */
const cleared = new WeakSet<ServerResponse>();

// ---------------------------------------------------------------------------
// Reading (docs/next-behaviour.md §9)

/**
 * The two preview cookies, read the way Next reads them here (its
 * `RequestCookies`, not the §7 parser): pairs split on `;` plus spaces, value
 * percent-decoded, a pair whose value fails to decode is skipped, and the
 * *last* occurrence of a name wins. Walked in place: only the two pairs
 * wanted are cut out and decoded.
 */
function readPreviewCookies(header: string): { bypass: string | undefined; data: string | undefined } {
  let bypass: string | undefined;
  let data: string | undefined;
  const length = header.length;
  let start = 0;
  while (start <= length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = length;
    const isBypass = header.startsWith(BYPASS_PREFIX, start);
    if (isBypass || header.startsWith(DATA_PREFIX, start)) {
      const value = decodedOrUndefined(header.slice(start + (isBypass ? BYPASS_PREFIX : DATA_PREFIX).length, end));
      if (value !== undefined) {
        if (isBypass) bypass = value;
        else data = value;
      }
    }
    start = end + 1;
    while (start < length && header.charCodeAt(start) === 0x20) start++;
  }
  return { bypass, data };
}

const BYPASS_PREFIX = `${COOKIE_NAME_PRERENDER_BYPASS}=`;
const DATA_PREFIX = `${COOKIE_NAME_PRERENDER_DATA}=`;

function decodedOrUndefined(text: string): string | undefined {
  if (!text.includes('%')) return text; // nothing to decode: a JWT never has one
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** `x-prerender-revalidate: <previewModeId>` marks Next's on-demand revalidation (docs/next-behaviour.md §9 table row 1). */
function isOnDemandRevalidate(headers: IncomingHttpHeaders, keys: PreviewModeKeys): boolean {
  const header = headers[PRERENDER_REVALIDATE_HEADER];
  const value = Array.isArray(header) ? header.join(', ') : header;
  return value === keys.previewModeId;
}

/** A data token that verified once: its text, its time claims (checked again on every use) and its decrypted JSON text (null: does not decrypt). */
interface VerifiedToken {
  token: string;
  exp: unknown;
  nbf: unknown;
  decrypted: string | null;
}

/** Per key set: tokens that verified, by their signature, bounded. */
const verifiedTokens = new WeakMap<PreviewModeKeys, BoundedCache<string, VerifiedToken>>();

/**
 * The verified content of a data token, or null when it does not verify
 * (signature, expiry, `data` claim). A client sending the same cookie again
 * costs a map lookup and the expiry check, not an HMAC and a decryption
 * (encryption.ts says why the decryption matters; the HMAC, two base64 decodes
 * and two `JSON.parse`s were 12 of the 13 µs a valid cookie cost per request).
 * Only tokens whose signature this key set made are kept, so clients cannot
 * fill the cache. They are found by their signature, the text after the last
 * `.`: a map lookup hashes its key's every character, and the whole token
 * (~500 characters with a little data) cost 5,400 instructions per request
 * where the 43 characters of the signature cost a tenth of that
 * (bench/README.md "Phase 7"). A hit counts only when the whole text is the
 * token that verified; anything else is verified from scratch. Expiry is a
 * property of time, not of the token, so it is checked again on every hit.
 */
function verifiedDataToken(token: string, keys: PreviewModeKeys, nowSeconds: number): VerifiedToken | null {
  let cache = verifiedTokens.get(keys);
  if (!cache) verifiedTokens.set(keys, (cache = new BoundedCache(256)));
  const signature = token.slice(token.lastIndexOf('.') + 1);
  let verified = cache.get(signature);
  if (verified === undefined || verified.token !== token) {
    const claims = verifyPreviewJwt(token, keys.previewModeSigningKey, nowSeconds);
    if (claims === null || typeof claims.data !== 'string') return null;
    let decrypted: string | null;
    try {
      decrypted = decryptWithSecret(Buffer.from(keys.previewModeEncryptionKey), claims.data);
    } catch {
      decrypted = null;
    }
    verified = { token, exp: claims.exp, nbf: claims.nbf, decrypted };
    cache.set(signature, verified);
    return verified;
  }
  return isWithinTimeClaims(verified.exp, verified.nbf, nowSeconds) ? verified : null;
}

/**
 * The value of `req.previewData`, following the decision table of docs/next-behaviour.md §9.
 * Called eagerly for every request, as Next 15.5/16 do in `prepare`, so an
 * invalid cookie gets its clearing `Set-Cookie` headers on any API response.
 * A request whose Cookie header does not mention either cookie costs a
 * `includes` or two and no crypto.
 */
export function evaluatePreviewData(
  req: IncomingMessage,
  res: ServerResponse,
  keys: PreviewModeKeys,
  development: boolean,
  headers: IncomingHttpHeaders = req.headers,
): PreviewData {
  // The Cookie header first: without a preview cookie the answer is `false`
  // whatever the revalidate header says, and that is almost every request.
  const rawHeader = headers.cookie;
  if (rawHeader === undefined) return false;
  const header = Array.isArray(rawHeader) ? rawHeader.join('; ') : rawHeader;
  if (!header.includes(COOKIE_NAME_PRERENDER_BYPASS) && !header.includes(COOKIE_NAME_PRERENDER_DATA)) return false;
  if (isOnDemandRevalidate(headers, keys)) return false; // row 1: no cookies touched

  const { bypass, data } = readPreviewCookies(header);
  // Row 2: draft mode is a valid bypass cookie alone; it carries no data.
  if (bypass && !data && bypass === keys.previewModeId) return {};
  // Row 3: neither cookie (or both empty).
  if (!bypass && !data) return false;
  // Row 4: one cookie without the other, or a bypass cookie from another build/key set.
  if (!bypass || !data || bypass !== keys.previewModeId) {
    clearPreviewData(res, development);
    return false;
  }
  // Row 5: the JWT must verify (signature, expiry) and carry the encrypted data.
  const verified = verifiedDataToken(data, keys, Math.floor(Date.now() / 1000));
  if (verified === null) {
    clearPreviewData(res, development);
    return false;
  }
  const decrypted = verified.decrypted;
  if (decrypted === null) {
    // Next lets this throw, which would fail every request carrying the cookie.
    // A correctly signed token that does not decrypt is as unusable as one that
    // does not verify, so it is treated like row 5.
    clearPreviewData(res, development);
    return false;
  }
  try {
    return JSON.parse(decrypted) as PreviewData; // row 6 on failure: false, no clearing
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Writing (docs/next-behaviour.md §10.6)

interface CookieAttributes {
  maxAge?: number;
  path: string;
  expires?: Date;
}

/**
 * `name=value; Max-Age; Path; Expires; HttpOnly; Secure; SameSite` — the order
 * `cookie.serialize` produces. `Secure; SameSite=None` (the frontend may live
 * on another site, a CMS preview may run in a cross-site iframe) unless
 * `development`, i.e. `NODE_ENV === 'development'` exactly as Next decides it:
 * then `SameSite=Lax` without `Secure`, so plain-http localhost works. The
 * `dev` option (warnings) has no say here.
 */
function previewCookie(name: string, value: string, attrs: CookieAttributes, development: boolean): string {
  return serialize(name, value, {
    maxAge: attrs.maxAge,
    path: attrs.path,
    expires: attrs.expires,
    httpOnly: true,
    secure: !development,
    sameSite: development ? 'lax' : 'none',
  });
}

/** Appends to whatever `Set-Cookie` already holds (string or array), never replacing it. */
function appendSetCookie(res: ServerResponse, cookies: string[]): void {
  const previous = res.getHeader('Set-Cookie');
  const list = typeof previous === 'string' ? [previous] : Array.isArray(previous) ? previous : [];
  res.setHeader('Set-Cookie', [...list, ...cookies]);
}

/** `res.setDraftMode({ enable })`: the bypass cookie, or its expiry when `enable` is false. */
export function setDraftMode(res: ServerResponse, enable: boolean, keys: PreviewModeKeys, development: boolean): void {
  appendSetCookie(res, [
    previewCookie(COOKIE_NAME_PRERENDER_BYPASS, keys.previewModeId, { path: '/', expires: enable ? undefined : new Date(0) }, development),
  ]);
}

/** Next's cookie library floors `maxAge` and rejects non-numbers; cookie@1 wants an integer. */
function normaliseMaxAge(maxAge: unknown): number | undefined {
  if (maxAge === undefined) return undefined;
  const n = Number(maxAge);
  if (!Number.isFinite(n)) throw new TypeError('option maxAge is invalid');
  return Math.floor(n);
}

/** `res.setPreviewData(data, { maxAge, path })`: bypass + data cookies. */
export function setPreviewData(
  res: ServerResponse,
  data: unknown,
  options: PreviewDataOptions | undefined,
  keys: PreviewModeKeys,
  development: boolean,
): void {
  const maxAge = normaliseMaxAge(options?.maxAge);
  const encrypted = encryptWithSecret(Buffer.from(keys.previewModeEncryptionKey), JSON.stringify(data));
  const token = signPreviewJwt(encrypted, keys.previewModeSigningKey, options?.maxAge === undefined ? undefined : Number(options.maxAge));
  if (token.length > MAX_PREVIEW_JWT_LENGTH) throw new Error(PREVIEW_DATA_TOO_LARGE);
  const attrs: CookieAttributes = { maxAge, path: options?.path !== undefined ? options.path : '/' };
  appendSetCookie(res, [
    previewCookie(COOKIE_NAME_PRERENDER_BYPASS, keys.previewModeId, attrs, development),
    previewCookie(COOKIE_NAME_PRERENDER_DATA, token, attrs, development),
  ]);
}

/** `res.clearPreviewData({ path })` and the automatic clearing of §9; a no-op the second time on a response. */
export function clearPreviewData(res: ServerResponse, development: boolean, options?: { path?: string }): void {
  if (cleared.has(res)) return;
  const attrs: CookieAttributes = { path: options?.path !== undefined ? options.path : '/', expires: new Date(0) };
  appendSetCookie(res, [
    previewCookie(COOKIE_NAME_PRERENDER_BYPASS, '', attrs, development),
    previewCookie(COOKIE_NAME_PRERENDER_DATA, '', attrs, development),
  ]);
  cleared.add(res);
}
