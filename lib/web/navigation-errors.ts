/**
 * What `redirect()`, `permanentRedirect()`, `notFound()`, `forbidden()` and
 * `unauthorized()` throw (docs/next-behaviour.md §29): errors carrying Next's
 * `digest` strings, so code that recognises Next's errors (`unstable_rethrow`,
 * libraries checking `digest`) recognises these, and the runner can turn them
 * into answers.
 */

export const RedirectType = { push: 'push', replace: 'replace' } as const;
export type RedirectType = (typeof RedirectType)[keyof typeof RedirectType];

const REDIRECT = 'NEXT_REDIRECT';
const HTTP_FALLBACK = 'NEXT_HTTP_ERROR_FALLBACK';
const REDIRECT_STATUSES = new Set([303, 307, 308]);

export interface DigestError extends Error {
  digest: string;
}

function digestError(message: string, digest: string): DigestError {
  const error = new Error(message) as DigestError;
  error.digest = digest;
  return error;
}

function digestOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('digest' in err)) return undefined;
  const digest = (err as { digest: unknown }).digest;
  return typeof digest === 'string' ? digest : undefined;
}

export function redirectError(url: string, type: RedirectType, status: 307 | 308): DigestError {
  return digestError(REDIRECT, `${REDIRECT};${type};${url};${status};`);
}

/** `{ url, status }` of a redirect error, or undefined for any other value. */
export function redirectOf(err: unknown): { url: string; status: number } | undefined {
  const digest = digestOf(err);
  if (!digest?.startsWith(`${REDIRECT};`)) return undefined;
  const parts = digest.split(';');
  const type = parts[1];
  const status = Number(parts[parts.length - 2]);
  if ((type !== 'push' && type !== 'replace') || !REDIRECT_STATUSES.has(status)) return undefined;
  return { url: parts.slice(2, -2).join(';'), status };
}

export function httpFallbackError(status: 401 | 403 | 404): DigestError {
  return digestError(`${HTTP_FALLBACK};${status}`, `${HTTP_FALLBACK};${status}`);
}

/** The status of a `notFound()`/`forbidden()`/`unauthorized()` error, or undefined. */
export function httpFallbackStatusOf(err: unknown): number | undefined {
  const digest = digestOf(err);
  if (!digest?.startsWith(`${HTTP_FALLBACK};`)) return undefined;
  const status = Number(digest.slice(HTTP_FALLBACK.length + 1));
  return status === 401 || status === 403 || status === 404 ? status : undefined;
}

/** Errors Next uses for control flow, which `unstable_rethrow` must let through. */
export function isNextControlError(err: unknown): boolean {
  const digest = digestOf(err);
  return digest !== undefined && (digest.startsWith(`${REDIRECT};`) || digest.startsWith(`${HTTP_FALLBACK};`) || digest === 'DYNAMIC_SERVER_USAGE');
}
