/**
 * `next/navigation` for route files (docs/next-behaviour.md §29): the
 * functions a route handler may call. Each throws; the runner answers
 * `redirect()` with 307 (303 for what Next takes for a Server Action),
 * `permanentRedirect()` with 308, `notFound()` with an empty 404.
 */
import {
  httpFallbackError,
  isNextControlError,
  redirectError,
  RedirectType,
} from '../navigation-errors';

export { RedirectType };

export function redirect(url: string, type: RedirectType = RedirectType.replace): never {
  throw redirectError(url, type, 307);
}

export function permanentRedirect(url: string, type: RedirectType = RedirectType.replace): never {
  throw redirectError(url, type, 308);
}

export function notFound(): never {
  throw httpFallbackError(404);
}

/** An empty 403 (Next's `experimental.authInterrupts` behaviour). */
export function forbidden(): never {
  throw httpFallbackError(403);
}

/** An empty 401 (Next's `experimental.authInterrupts` behaviour). */
export function unauthorized(): never {
  throw httpFallbackError(401);
}

/** Rethrows Next's control-flow errors (and ones they caused), so a `catch` does not swallow a redirect. */
export function unstable_rethrow(error: unknown): void {
  if (isNextControlError(error)) throw error;
  if (error instanceof Error && 'cause' in error) unstable_rethrow(error.cause);
}
