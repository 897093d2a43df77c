/**
 * Public exports only.
 *
 * The App Router side (`appRoutes`, `projectRoutes`, `NextRequest`,
 * `NextResponse`, `NextURL`, `MemoryRouteCacheStore`) is required on first
 * use, through getters on `exports`: its classes extend the Fetch
 * `Request`/`Response`/`Headers`, whose first touch makes Node 20 load undici
 * (~35 ms quiet, 100 ms and more under load). `require('next-api-express')`
 * for `apiRoutes` alone does not pay for it (docs/design.md "Rules that keep
 * it fast"). The names are declared here for the types; the getters below
 * define them.
 */
import type * as AppRoutesModule from './mount/app-routes';
import type * as ProjectRoutesModule from './mount/project-routes';
import type * as NextRequestModule from './web/next-request';
import type * as NextResponseModule from './web/next-response';
import type * as NextUrlModule from './web/next-url';
import type * as RouteCacheModule from './web/route-cache';
import { apiRoutes } from './mount/api-routes';

export { apiRoutes };
export default apiRoutes;
export type { AppRoutesMiddleware } from './mount/app-routes';
export type { ProjectRouteInfo, ProjectRoutesMiddleware } from './mount/project-routes';
export { detectRoutesFolder, type ProjectFolders, type RoutesFolder } from './routing/project-folders';
export { nextConfigPageExtensions } from './routing/next-config-page-extensions';
export type { ApiRoutesMiddleware, NextFunction } from './mount/api-routes';
export type { RouteInfo } from './mount/route-registry';
export type { Explanation, ExplainOptions } from './mount/explain';
export type { RouteConfig, SegmentConfig, SegmentDynamic, SegmentFetchCache } from './config';
export type { RouteKind } from './routing/precedence';
export { ApiError, OptionError, RouteLoadError, RouteTreeError, type ErrorCode } from './errors';
export { revalidateNextFrontend, type NextFrontendOptions } from './pages/revalidate';
export { loadEnv, type EnvMode, type LoadedEnv, type LoadEnvOptions } from './loading/env-files';
export type { NextRequestInit } from './web/next-request';
export type { AppRouteContext, AppRouteHandlerFunction as AppRouteHandler, RouteParams } from './web/handler-call';
export type { RequestCookie, RequestCookies } from './web/request-cookies';
export type { CookieOptions, ResponseCookie, ResponseCookies } from './web/response-cookies';
export type {
  ApiRoutesOptions,
  AppRoutesOptions,
  CachedRouteResponse,
  Logger,
  NextApiHandler,
  NextApiRequest,
  NextApiRequestCookies,
  NextApiRequestQuery,
  NextApiResponse,
  PageConfig,
  PreviewData,
  PreviewModeKeys,
  ProjectRoutesOptions,
  RevalidateContext,
  RevalidateHook,
  RevalidateOptions,
  RouteCacheEntry,
  RouteCacheStore,
  SizeLimit,
} from './types';

export declare const appRoutes: typeof AppRoutesModule.appRoutes;
export declare const projectRoutes: typeof ProjectRoutesModule.projectRoutes;
export declare const NextRequest: typeof NextRequestModule.NextRequest;
export type NextRequest = NextRequestModule.NextRequest;
export declare const NextResponse: typeof NextResponseModule.NextResponse;
export type NextResponse<Body = unknown> = NextResponseModule.NextResponse<Body>;
export declare const NextURL: typeof NextUrlModule.NextURL;
export type NextURL = NextUrlModule.NextURL;
export declare const MemoryRouteCacheStore: typeof RouteCacheModule.MemoryRouteCacheStore;
export type MemoryRouteCacheStore = RouteCacheModule.MemoryRouteCacheStore;

const LAZY_EXPORTS: Record<string, () => unknown> = {
  appRoutes: () => (require('./mount/app-routes') as typeof AppRoutesModule).appRoutes,
  projectRoutes: () => (require('./mount/project-routes') as typeof ProjectRoutesModule).projectRoutes,
  NextRequest: () => (require('./web/next-request') as typeof NextRequestModule).NextRequest,
  NextResponse: () => (require('./web/next-response') as typeof NextResponseModule).NextResponse,
  NextURL: () => (require('./web/next-url') as typeof NextUrlModule).NextURL,
  MemoryRouteCacheStore: () => (require('./web/route-cache') as typeof RouteCacheModule).MemoryRouteCacheStore,
};
for (const [name, load] of Object.entries(LAZY_EXPORTS)) {
  Object.defineProperty(exports, name, { enumerable: true, get: load });
}
