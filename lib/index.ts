/** Public exports only. */
import { apiRoutes } from './mount/api-routes';

export { apiRoutes };
export default apiRoutes;
export type { ApiRoutesMiddleware, NextFunction } from './mount/api-routes';
export type { RouteInfo } from './mount/route-registry';
export type { Explanation, ExplainOptions } from './mount/explain';
export type { RouteConfig } from './config';
export type { RouteKind } from './routing/precedence';
export { ApiError, OptionError, RouteLoadError, RouteTreeError, type ErrorCode } from './errors';
export { revalidateNextFrontend, type NextFrontendOptions } from './pages/revalidate';
export { loadEnv, type EnvMode, type LoadedEnv, type LoadEnvOptions } from './loading/env-files';
export type {
  ApiRoutesOptions,
  Logger,
  NextApiHandler,
  NextApiRequest,
  NextApiRequestCookies,
  NextApiRequestQuery,
  NextApiResponse,
  PageConfig,
  PreviewData,
  PreviewModeKeys,
  RevalidateContext,
  RevalidateHook,
  RevalidateOptions,
  SizeLimit,
} from './types';
