/** Public exports only. */
import { apiRoutes } from './middleware';

export { apiRoutes };
export default apiRoutes;
export type { ApiRoutesMiddleware, NextFunction } from './middleware';
export { ApiError } from './errors';
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
  RevalidateHook,
  RevalidateOptions,
  SizeLimit,
} from './types';
