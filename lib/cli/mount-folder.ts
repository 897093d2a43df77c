/**
 * What the CLI serves for `<dir>`: the public middleware for what the folder
 * is (`detectRoutesFolder`) — `projectRoutes()` for a project (`pages/api`
 * and `app` together), `apiRoutes()` for a `pages/api` folder, `appRoutes()`
 * for an App Router folder — mounted where `next start` serves its routes
 * unless `--base-path` says otherwise, and its routes as table rows.
 */
import {
  apiRoutes,
  appRoutes,
  detectRoutesFolder,
  projectRoutes,
  type ApiRoutesOptions,
  type ExplainOptions,
  type NextFunction,
  type ProjectRoutesOptions,
  type RoutesFolder,
} from '../index';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CliOptions } from './args';
import type { RouteRow } from './print-routes';

/** What the CLI needs of any of the three middlewares. */
export interface ServedMiddleware {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  ready(): Promise<void>;
  close(): Promise<void>;
  explain(url: string, options?: ExplainOptions): { outcome: string; route?: { page: string; file: string } };
}

export interface MountedFolder {
  folder: RoutesFolder;
  /** The URL prefix the routes are served under (`''`: none). */
  basePath: string;
  middleware: ServedMiddleware;
  /** The table rows now (watch mode changes them); `router` only where App Router routes can be. */
  rows(): RouteRow[];
}

export interface MountSettings {
  watch: boolean;
  preview: ApiRoutesOptions['preview'];
}

export function mountFolder(options: CliOptions, settings: MountSettings): MountedFolder {
  const folder = detectRoutesFolder(options.dir, { pageExtensions: options.pageExtensions });
  const basePath = options.basePath ?? folder.url;
  const mountOptions: ProjectRoutesOptions = { basePath, watch: settings.watch };
  if (settings.preview) mountOptions.preview = settings.preview;
  if (options.pageExtensions) mountOptions.pageExtensions = options.pageExtensions;
  if (options.trailingSlash !== undefined) mountOptions.trailingSlash = options.trailingSlash as ApiRoutesOptions['trailingSlash'];
  switch (folder.kind) {
    case 'project': {
      const middleware = projectRoutes(options.dir, mountOptions);
      return { folder, basePath, middleware, rows: () => middleware.routes.map((r) => ({ route: r.route, kind: r.kind, file: r.file, router: r.router })) };
    }
    case 'app': {
      const middleware = appRoutes(options.dir, mountOptions);
      return { folder, basePath, middleware, rows: () => middleware.routes.map((r) => ({ route: r.route, kind: r.kind, file: r.file, router: 'app' })) };
    }
    case 'pages-api': {
      const middleware = apiRoutes(options.dir, mountOptions);
      return { folder, basePath, middleware, rows: () => middleware.routes.map((r) => ({ route: r.route, kind: r.kind, file: r.file })) };
    }
  }
}
