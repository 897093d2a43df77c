/**
 * `next-api-express/testing`: apps for supertest's `request(app)`, without
 * Express (an optional peer) and without a listening server — a plain
 * `node:http` request listener, which supertest starts on a free port itself.
 *
 * - `createTestApp(dir)`: a `pages/api` folder, an App Router folder or a
 *   whole project, served exactly as `apiRoutes()`, `appRoutes()` or
 *   `projectRoutes()` serves it, at its URL in the Next app (`/api/...`).
 * - `testHandler(handler)`: one imported Pages Router handler through the same
 *   per-request code path, with the `config`, route and params of your choice.
 * - `testRoute(routeModule)`: one imported App Router `route.ts` module the
 *   same way, with the route, params and segment config of your choice.
 *
 * Both collect log lines (`app.logs`) and handler errors (`app.errors`);
 * `throwErrors: true` also throws each handler error into the running test.
 */
import * as testApps from './mount/test-apps';
import * as testRoutes from './mount/test-route';

// Plain assignments, not `export ... from`: bundlers that inline this CommonJS
// build (vitest's) do not see re-exports compiled to getters.
export const createTestApp = testApps.createTestApp;
export const testHandler = testApps.testHandler;
export const testRoute = testRoutes.testRoute;
export type {
  FolderTestApp,
  LogEntry,
  RouteParams,
  TestApp,
  TestAppOptions,
  TestHandlerOptions,
} from './mount/test-apps';
export type { SegmentConfigExports, TestRouteOptions } from './mount/test-route';
export type { ProjectRouteInfo } from './mount/project-routes';
