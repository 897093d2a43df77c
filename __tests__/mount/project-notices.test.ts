// What the mounts say at start-up about the folder they were given
// (lib/mount/project-notices.ts): project files next start would run and this
// package does not, and a folder of the other router's kind.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { apiRoutes, appRoutes, projectRoutes, RouteTreeError } from '../../lib';
import { memoryLogger, removeDir, tempDir } from '../support';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

/** A project folder made of `files` (path → source). */
function project(files: Record<string, string>): string {
  const root = tempDir('notices');
  made.push(root);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

const pagesHandler = 'export default function handler(req, res) { res.json({ secret: "admin data" }); }\n';
const appHandler = 'export function GET() { return Response.json({ ok: true }); }\n';
const middleware = "import { NextResponse } from 'next/server';\nexport function middleware() { return new NextResponse(null, { status: 401 }); }\nexport const config = { matcher: '/api/admin/:path*' };\n";

describe('middleware and next.config are not run: said at start-up, naming the file', () => {
  const root = project({
    'src/middleware.ts': middleware,
    'next.config.js': "module.exports = { basePath: '/docs' };\n",
    'src/pages/api/admin/stats.js': pagesHandler,
    'src/app/api/health/route.js': appHandler,
  });
  const expected = [
    /^warn: next-api-express: .*src\/middleware\.ts is NOT run\. next start runs it before every matching route \(authentication, redirects, headers\); here requests reach the routes without it\./,
    /^warn: next-api-express: .*next\.config\.js is not run: its basePath, rewrites, redirects, headers and env do not apply here\./,
  ];

  test.each([
    ['apiRoutes(src/pages/api)', (logger: ReturnType<typeof memoryLogger>) => apiRoutes(join(root, 'src/pages/api'), { logger })],
    ['appRoutes(src/app)', (logger: ReturnType<typeof memoryLogger>) => appRoutes(join(root, 'src/app'), { logger })],
    ['projectRoutes(root)', (logger: ReturnType<typeof memoryLogger>) => projectRoutes(root, { logger })],
  ])('%s', async (_name, mount) => {
    const logger = memoryLogger();
    const api = mount(logger);
    expect(logger.lines).toHaveLength(2);
    expected.forEach((pattern, i) => expect(logger.lines[i]).toMatch(pattern));
    await api.close();
  });

  test('proxy.ts (Next 16’s name for middleware) at the project root too', () => {
    const logger = memoryLogger();
    const other = project({ 'proxy.ts': middleware, 'pages/api/x.js': pagesHandler });
    apiRoutes(join(other, 'pages/api'), { logger });
    expect(logger.lines).toEqual([expect.stringMatching(/proxy\.ts is NOT run\./)]);
  });

  test("next.config's pageExtensions, when it differs from the mount's: the list and the option that applies it", () => {
    const logger = memoryLogger();
    const other = project({ 'next.config.js': "module.exports = { pageExtensions: ['api.ts'] };\n", 'pages/api/x.api.ts': pagesHandler });
    apiRoutes(join(other, 'pages/api'), { logger });
    expect(logger.lines[1]).toMatch(
      /^warn: next-api-express: .*next\.config\.js sets pageExtensions \["api\.ts"\], but routes here are the files ending in tsx, ts, jsx, js: URLs differ from next start's\. Pass \{ pageExtensions: \["api\.ts"\] \} \(CLI: --page-extensions api\.ts\)\.$/,
    );
    const same = memoryLogger();
    apiRoutes(join(other, 'pages/api'), { logger: same, pageExtensions: ['api.ts'] });
    expect(same.lines).toHaveLength(1);
  });

  test('a project without them: nothing said', () => {
    const logger = memoryLogger();
    apiRoutes(join(project({ 'pages/api/x.js': pagesHandler }), 'pages/api'), { logger });
    expect(logger.lines).toEqual([]);
  });
});

describe("a folder of the other router's kind", () => {
  test('apiRoutes() on an App Router folder whose [...slug]/route.ts trips a pages rule: the error says which mount fits', () => {
    const root = project({ 'app/api/blog/[...slug]/route.ts': appHandler, 'app/api/health/route.ts': appHandler });
    let thrown: unknown;
    try {
      apiRoutes(join(root, 'app/api'));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RouteTreeError);
    expect((thrown as Error).message).toMatch(/^Catch-all must be the last part of the URL\.\n {2}\(apiRoutes\(.*app\/api\): every file in it is named route\.<ext>: it looks like an App Router folder, which appRoutes\(\) serves/);
  });

  test('apiRoutes() on an App Router folder that builds: a warning, and the routes are served as pages would be', async () => {
    const logger = memoryLogger();
    const root = project({ 'app/api/health/route.js': appHandler });
    const api = apiRoutes(join(root, 'app/api'), { logger });
    expect(logger.lines).toEqual([expect.stringMatching(/^warn: next-api-express: apiRoutes\(.*\): every file in it is named route\.<ext>: it looks like an App Router folder/)]);
    expect(api.routes.map((r) => r.route)).toEqual(['/health/route']);
  });

  test('appRoutes() on a pages/api folder: no routes, and a warning saying apiRoutes() serves it', async () => {
    const logger = memoryLogger();
    const root = project({ 'pages/api/hello.js': pagesHandler, 'pages/api/users/[id].js': pagesHandler });
    const api = appRoutes(join(root, 'pages/api'), { logger });
    expect(api.routes).toEqual([]);
    expect(logger.lines).toEqual([
      expect.stringMatching(/^warn: next-api-express: appRoutes\(.*pages\/api\) found no route\.<ext> file but 2 other source files: if it is a pages\/api folder, apiRoutes\(\) serves it\.$/),
    ]);
    await request(api).get('/hello').expect(404);
  });
});
