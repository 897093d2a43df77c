/**
 * `res.revalidate(urlPath, opts)` (docs/next-behaviour.md §10.7). On-demand ISR needs the Next
 * server that owns the cache; here the work is delegated to the `revalidate`
 * option (docs/design.md "Deliberate differences"). `revalidateNextFrontend()` builds
 * the hook that does what Next does for a frontend on another host: a HEAD
 * request carrying the preview-mode id.
 */
import { errorMessage, OptionError } from '../errors';
import { PRERENDER_REVALIDATE_HEADER, PRERENDER_REVALIDATE_ONLY_GENERATED_HEADER } from '../preview/preview-mode';
import type { RevalidateContext, RevalidateHook, RevalidateOptions } from '../types';

/**
 * Validates `urlPath` with Next's message, runs the hook, and wraps any failure
 * as `Failed to revalidate <urlPath>: <reason>`. With no hook configured the
 * reason says which option to set (Next's own text here is an internal
 * invariant that would mean nothing to a user of this package).
 */
export async function revalidate(
  urlPath: unknown,
  opts: RevalidateOptions | undefined,
  hook: RevalidateHook | undefined,
  context: RevalidateContext,
): Promise<void> {
  if (typeof urlPath !== 'string' || !urlPath.startsWith('/')) {
    throw new Error(`Invalid urlPath provided to revalidate(), must be a path e.g. /blog/post-1, received ${String(urlPath)}`);
  }
  try {
    if (!hook) {
      throw new Error(
        'res.revalidate() needs the "revalidate" option of apiRoutes(), e.g. apiRoutes(dir, { revalidate: revalidateNextFrontend({ origin: "https://www.example.com" }) })',
      );
    }
    const withContext: RevalidateHook = hook;
    await withContext(urlPath, opts ?? {}, context);
  } catch (err) {
    throw new Error(`Failed to revalidate ${urlPath}: ${errorMessage(err)}`, { cause: err });
  }
}

export interface NextFrontendOptions {
  /** Where the Next.js frontend is served, e.g. `https://www.example.com` (no trailing slash needed). */
  origin: string;
  /**
   * The frontend's `previewModeId` (from its `.next/prerender-manifest.json`).
   * Default: this middleware's `preview.previewModeId`, i.e. the keys are shared.
   */
  previewModeId?: string;
  /**
   * Request headers to forward to the frontend (Next's
   * `allowedRevalidateHeaderKeys`), e.g. `['cookie']`. Default none.
   */
  forwardHeaders?: string[];
  /**
   * Milliseconds to wait for the frontend's answer before `res.revalidate()`
   * rejects (`Failed to revalidate <path>: <origin> did not answer within <n>ms`).
   * Default 30000: revalidating renders the page, which may fetch data, but a
   * frontend that never answers must not hold the API request for ever.
   */
  timeout?: number;
}

const DEFAULT_REVALIDATE_TIMEOUT = 30_000;

/**
 * A `revalidate` hook for a separately deployed Next.js frontend, doing what
 * Next's API resolver does (docs/next-behaviour.md §10.7): `HEAD <origin><urlPath>` with
 * `x-prerender-revalidate: <previewModeId>` (plus
 * `x-prerender-revalidate-if-generated: 1` for `unstable_onlyGenerated`).
 * Success is an `x-vercel-cache`/`x-nextjs-cache` of `REVALIDATED`, a 200, or a
 * 404 when only generated paths were asked for; anything else rejects with
 * `Invalid response <status>`, and so does no answer within `timeout`.
 */
export function revalidateNextFrontend(options: NextFrontendOptions): RevalidateHook {
  if (!options || typeof options.origin !== 'string' || !/^https?:\/\/[^/]/.test(options.origin)) {
    throw new OptionError('origin', 'needs { origin } such as "https://www.example.com"', 'revalidateNextFrontend()');
  }
  if (options.previewModeId !== undefined && (typeof options.previewModeId !== 'string' || options.previewModeId.length < 16)) {
    throw new OptionError('previewModeId', 'must be a string of at least 16 characters', 'revalidateNextFrontend() option "previewModeId"');
  }
  const timeout = options.timeout ?? DEFAULT_REVALIDATE_TIMEOUT;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 2_147_483_647) {
    throw new OptionError('timeout', `must be a whole number of milliseconds from 1 (received ${JSON.stringify(options.timeout)})`, 'revalidateNextFrontend() option "timeout"');
  }
  const origin = options.origin.replace(/\/+$/, '');
  const forward = (options.forwardHeaders ?? []).map((name) => name.toLowerCase());
  return async (urlPath, opts, context) => {
    const headers: Record<string, string> = {};
    for (const name of forward) {
      const value = context?.headers[name];
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const previewModeId = options.previewModeId ?? context?.previewModeId;
    if (!previewModeId) throw new Error('no previewModeId to send in x-prerender-revalidate');
    headers[PRERENDER_REVALIDATE_HEADER] = previewModeId;
    if (opts?.unstable_onlyGenerated) headers[PRERENDER_REVALIDATE_ONLY_GENERATED_HEADER] = '1';
    let response: Response;
    try {
      response = await fetch(origin + urlPath, { method: 'HEAD', headers, signal: AbortSignal.timeout(timeout) });
    } catch (err) {
      if ((err as { name?: unknown } | null)?.name === 'TimeoutError') throw new Error(`${origin} did not answer within ${timeout}ms`, { cause: err });
      throw err;
    }
    const cache = response.headers.get('x-vercel-cache') || response.headers.get('x-nextjs-cache');
    const ok =
      cache?.toUpperCase() === 'REVALIDATED' ||
      response.status === 200 ||
      (response.status === 404 && Boolean(opts?.unstable_onlyGenerated));
    if (!ok) throw new Error(`Invalid response ${response.status}`);
  };
}
