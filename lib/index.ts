/** Public exports only. */
import { apiRoutes } from './middleware';

export { apiRoutes };
export default apiRoutes;
export type { ApiRoutesMiddleware, NextFunction } from './middleware';
export type { RouteInfo } from './table';
export type { Explanation, ExplainOptions } from './explain';
export type { RouteConfig } from './config';
export type { RouteKind } from './routes';
export { ApiError } from './errors';
export { revalidateNextFrontend, type NextFrontendOptions } from './revalidate';
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
