/** Public exports only. */
import { apiRoutes } from './mount/api-routes';

export { apiRoutes };
export default apiRoutes;
export { appRoutes, type AppRoutesMiddleware } from './mount/app-routes';
export { projectRoutes, type ProjectRouteInfo, type ProjectRoutesMiddleware } from './mount/project-routes';
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
export { NextRequest, type NextRequestInit } from './web/next-request';
export { NextResponse } from './web/next-response';
export { NextURL } from './web/next-url';
export { MemoryRouteCacheStore } from './web/route-cache';
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
