/**
 * `next-api-express/testing`: apps for supertest's `request(app)`, without
 * Express (an optional peer) and without a listening server — a plain
 * `node:http` request listener, which supertest starts on a free port itself.
 *
 * - `createTestApp(dir)`: the folder mounted at `/api`, exactly as `apiRoutes()` serves it.
 * - `testHandler(handler)`: one imported handler through the same per-request
 *   code path, with the `config`, route and params of your choice.
 *
 * Both collect log lines (`app.logs`) and handler errors (`app.errors`);
 * `throwErrors: true` also throws each handler error into the running test.
 */
import * as testApps from './mount/test-apps';

// Plain assignments, not `export ... from`: bundlers that inline this CommonJS
// build (vitest's) do not see re-exports compiled to getters.
export const createTestApp = testApps.createTestApp;
export const testHandler = testApps.testHandler;
export type {
  FolderTestApp,
  LogEntry,
  RouteParams,
  TestApp,
  TestAppOptions,
  TestHandlerOptions,
} from './mount/test-apps';
