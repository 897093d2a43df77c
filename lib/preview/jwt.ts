/**
 * The `__next_preview_data` cookie is a compact JWS (RFC 7515) signed with
 * HMAC-SHA256 (RFC 7518 §3.2) using `previewModeSigningKey` as a UTF-8 key
 * (docs/next-behaviour.md §9, §10.6). Next 13-15 used jsonwebtoken and 16 uses fast-jwt; both
 * produce header `{"alg":"HS256","typ":"JWT"}` and claims `{data, iat[, exp]}`
 * in that order, which is all a Next frontend sharing the keys checks. Only
 * HS256 is accepted on verify, so a token can never choose its own algorithm.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function signature(signingInput: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

/**
 * Signs `{ data, iat, exp? }`. `iat` is whole seconds now; `expiresIn` (seconds)
 * adds `exp = iat + expiresIn`, as `jsonwebtoken`'s `expiresIn` does.
 */
export function signPreviewJwt(data: string, secret: string, expiresIn?: number, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const claims: { data: string; iat: number; exp?: number } = { data, iat: nowSeconds };
  if (expiresIn !== undefined) claims.exp = nowSeconds + expiresIn;
  const body = HEADER + '.' + Buffer.from(JSON.stringify(claims)).toString('base64url');
  return body + '.' + signature(body, secret).toString('base64url');
}

/**
 * Returns the claims when the token is a well-formed HS256 JWS with a valid
 * signature and is not expired (`exp` <= now, or `nbf` > now, fail, as in
 * jsonwebtoken); otherwise `null`.
 */
export function verifyPreviewJwt(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, unknown> | null {
  const firstDot = token.indexOf('.');
  const lastDot = token.lastIndexOf('.');
  if (firstDot <= 0 || lastDot === firstDot || token.indexOf('.', firstDot + 1) !== lastDot) return null;
  const headerPart = token.slice(0, firstDot);
  const signingInput = token.slice(0, lastDot);
  const given = Buffer.from(token.slice(lastDot + 1), 'base64url');
  const expected = signature(signingInput, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(token.slice(firstDot + 1, lastDot), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!header || typeof header !== 'object' || (header as { alg?: unknown }).alg !== 'HS256') return null;
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) return null;
  const { exp, nbf } = claims as { exp?: unknown; nbf?: unknown };
  return isWithinTimeClaims(exp, nbf, nowSeconds) ? (claims as Record<string, unknown>) : null;
}

/** `exp` <= now or `nbf` > now fail, and so does either claim when it is not a number (jsonwebtoken's rules). */
export function isWithinTimeClaims(exp: unknown, nbf: unknown, nowSeconds: number): boolean {
  if (exp !== undefined && (typeof exp !== 'number' || nowSeconds >= exp)) return false;
  if (nbf !== undefined && (typeof nbf !== 'number' || nowSeconds < nbf)) return false;
  return true;
}
