/**
 * Public types. They mirror `next`'s own `NextApiRequest`, `NextApiResponse`,
 * `NextApiHandler` and `PageConfig`, so a handler that switches
 * `import type { ... } from 'next'` to `from 'next-api-express'` compiles with
 * no other edit. That is also why `req.body` and the default `Data` parameter
 * are `any`, exactly as in Next: `unknown` would reject every migrated handler
 * that reads `req.body.name`.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** `req.query`: query-string values merged under route params (docs/next-behaviour.md §6). */
export type NextApiRequestQuery = Partial<{ [key: string]: string | string[] }>;

/** `req.cookies`: parsed lazily from the `Cookie` header (docs/next-behaviour.md §7). */
export type NextApiRequestCookies = Partial<{ [key: string]: string }>;

/** `false` when not in preview/draft mode, else the data set by `setPreviewData` (`{}` for draft mode). */
export type PreviewData = string | false | object | undefined;

export interface NextApiRequest extends IncomingMessage {
  query: NextApiRequestQuery;
  cookies: NextApiRequestCookies;
  // `any`, as in Next: see the file comment.
  body: any;
  env: { [key: string]: string | undefined };
  draftMode?: boolean;
  preview?: boolean;
  previewData?: PreviewData;
}

export type Send<T> = (body: T) => void;

export interface PreviewDataOptions {
  /** Seconds; adds `Max-Age` to both cookies and `exp` to the JWT. */
  maxAge?: number;
  /** Cookie `Path` (default `/`). */
  path?: string;
}

export interface RevalidateOptions {
  unstable_onlyGenerated?: boolean;
}

// `any`, as in Next: see the file comment.
export type NextApiResponse<Data = any> = ServerResponse & {
  send: Send<Data>;
  json: Send<Data>;
  status: (statusCode: number) => NextApiResponse<Data>;
  redirect(url: string): NextApiResponse<Data>;
  redirect(status: number, url: string): NextApiResponse<Data>;
  setDraftMode: (options: { enable: boolean }) => NextApiResponse<Data>;
  setPreviewData: (data: object | string, options?: PreviewDataOptions) => NextApiResponse<Data>;
  clearPreviewData: (options?: { path?: string }) => NextApiResponse<Data>;
  revalidate: (urlPath: string, opts?: RevalidateOptions) => Promise<void>;
};

// `any`, as in Next: see the file comment.
export type NextApiHandler<T = any> = (
  req: NextApiRequest,
  res: NextApiResponse<T>,
) => unknown | Promise<unknown>;

/** A byte count, or a `bytes` string such as `'500kb'` or `'1mb'`. */
export type SizeLimit = number | `${number}${'b' | 'kb' | 'mb' | 'gb' | 'tb' | 'pb'}` | string;

/** `export const config` of an API route (docs/next-behaviour.md §11). */
export interface PageConfig {
  api?: {
    bodyParser?: { sizeLimit?: SizeLimit } | boolean;
    responseLimit?: SizeLimit | boolean;
    externalResolver?: boolean;
  };
  runtime?: 'nodejs' | 'edge' | 'experimental-edge';
  maxDuration?: number;
  env?: string[];
  amp?: boolean | 'hybrid';
  unstable_runtimeJS?: false;
  unstable_JsPreload?: false;
}

/** Where log lines go. `console` fits; so does pino or winston. */
export interface Logger {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
}

/** Keys Next keeps in `.next/prerender-manifest.json` (docs/next-behaviour.md §9). Each is a string of 16+ characters. */
export interface PreviewModeKeys {
  previewModeId: string;
  previewModeSigningKey: string;
  previewModeEncryptionKey: string;
}

/** What a revalidate hook learns about the request that called `res.revalidate()`. */
export interface RevalidateContext {
  /** This middleware's `preview.previewModeId`. */
  previewModeId: string;
  /** Headers of the request whose handler called `res.revalidate()`. */
  headers: IncomingHttpHeaders;
}

/** Called by `res.revalidate(urlPath, opts)`; reject to make `revalidate` reject. */
export type RevalidateHook = (urlPath: string, opts: RevalidateOptions, context?: RevalidateContext) => Promise<void>;

export interface ApiRoutesOptions {
  /** File endings that make a route. Default `['tsx', 'ts', 'jsx', 'js']`. */
  pageExtensions?: string[];
  /**
   * URL prefix the routes live under when the function is not mounted by a
   * router, e.g. `'/api'` for `http.createServer(apiRoutes(dir, { basePath: '/api' }))`.
   */
  basePath?: string;
  /** `'redirect'` (default): `/x/` → 308 `/x`, as Next. `'ignore'`: serve both. */
  trailingSlash?: 'redirect' | 'ignore';
  /** `'respond'` (default): Next's plain 500. `'next'`: pass the error to `next(err)`. */
  onError?: 'respond' | 'next';
  /** Receives every log line (default `console`). */
  logger?: Logger;
  /** Preview/draft mode keys; default random per process. */
  preview?: PreviewModeKeys;
  /** What `res.revalidate()` calls; see `revalidateNextFrontend()`. */
  revalidate?: RevalidateHook;
  /**
   * Development warnings (docs/next-behaviour.md §13). Default `process.env.NODE_ENV !== 'production'`.
   * Only the warnings: preview cookie attributes and the development 500 body
   * follow `NODE_ENV === 'development'`, as in Next.
   */
  dev?: boolean;
  /** Re-scan and re-import on file changes (development). Default `false`. */
  watch?: boolean;
  /**
   * Enforce each route's `config.maxDuration` (seconds), which `next start`
   * ignores (only hosting platforms read it): past it, a client that got
   * nothing yet gets `504 Gateway Timeout` and the handler's request is
   * destroyed; a response already started is cut off. Default `false`.
   */
  enforceMaxDuration?: boolean;
  /**
   * The URL `src` of an image a route imports points under (`import logo from
   * './logo.png'` gives `{ src, width, height }`). Default `'/_next/static/media/'`, as Next.
   */
  imagePublicPath?: string;
  /**
   * Keep compiled route files (TypeScript, ESM, JSX) on disk between starts.
   * `true` (default): `node_modules/.cache/next-api-express` of the project the
   * folder is in, or the OS temporary folder when that cannot be written; a
   * path: that folder; `false`: off.
   */
  compileCache?: boolean | string;
}

/** A prerendered GET answer of an App Router route (docs/next-behaviour.md §32). */
export interface CachedRouteResponse {
  status: number;
  statusText: string;
  /** Header lines in order; each `set-cookie` on its own. */
  headers: Array<[string, string]>;
  body: Uint8Array;
}

export interface RouteCacheEntry {
  response: CachedRouteResponse;
  /** `Date.now()` when it was rendered. */
  storedAt: number;
  /** Seconds it stays fresh; `false`: until `revalidatePath()` drops it. */
  revalidate: number | false;
}

/**
 * Where `appRoutes()` keeps prerendered GET answers (`dynamic = 'force-static'`,
 * `revalidate = N`, `generateStaticParams`). The default keeps them in memory;
 * several instances behind one load balancer can share a store (Redis, a
 * database) by implementing these three methods. Keys are route paths (`/api/posts/1`).
 */
export interface RouteCacheStore {
  get(key: string): RouteCacheEntry | undefined | Promise<RouteCacheEntry | undefined>;
  set(key: string, entry: RouteCacheEntry): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

/** `appRoutes(dir, options)`: the options of `apiRoutes()` but `revalidate`, plus `cache`. */
export interface AppRoutesOptions extends Omit<ApiRoutesOptions, 'revalidate'> {
  /** Where prerendered GET answers are kept; default: in memory, per process. */
  cache?: RouteCacheStore;
}

/**
 * `projectRoutes()` options: those of `apiRoutes()` (`revalidate` serves the
 * `pages/api` routes) plus `cache` (the App Router's prerendered GET answers).
 * `basePath` is Next's: the URL prefix of the whole project (default none).
 */
export interface ProjectRoutesOptions extends ApiRoutesOptions {
  /** Where prerendered GET answers are kept; default: in memory, per process. */
  cache?: RouteCacheStore;
}
