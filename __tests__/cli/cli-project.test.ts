// The CLI given a whole project (pages/ and/or app/) or an App Router folder:
// projectRoutes()/appRoutes() behind the same server, one route table marking
// each route's router, the project's .env, Next's cross-tree error, --watch,
// --ready and --workers.
import { join } from 'node:path';
import { cliSession, eventually, getUrl, isAlive, REPO_ROOT, writeAsEditorsDo } from '../support';

const session = cliSession();
const PROJECT = '__tests__/fixtures/mixed-project';

describe('a project folder', () => {
  test('--routes: both trees in one table, in matching order, with a ROUTER column; page/layout files noted once', async () => {
    const result = await session.run([PROJECT, '--routes', '--ready']);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').map((line) => line.split(/ {2,}/))).toEqual([
      ['ROUTE', 'ROUTER', 'KIND', 'FILE'],
      ['/api/geo', 'pages', 'static', `${PROJECT}/pages/api/geo.ts`],
      ['/api/items/featured', 'app', 'static', `${PROJECT}/app/api/items/featured/route.ts`],
      ['/api/items/[id]', 'pages', 'dynamic', `${PROJECT}/pages/api/items/[id].ts`],
      ['/api/legacy', 'pages', 'static', `${PROJECT}/pages/api/legacy.ts`],
      ['/api/orders/[orderId]', 'app', 'dynamic', `${PROJECT}/app/api/orders/[orderId]/route.ts`],
      ['/api/status', 'app', 'static', `${PROJECT}/app/api/status/route.ts`],
      ['/feed.xml', 'app', 'static', `${PROJECT}/app/feed.xml/route.ts`],
    ]);
    expect(result.stderr).toMatch(/^next-api-express: 2 page\/layout files in .*mixed-project\/app ignored \(layout\.tsx, page\.tsx\)/m);
  });

  test('serves both trees at their Next URLs with the project\'s .env; the URL has no base path', async () => {
    const cli = session.start([PROJECT, '--port', '0']);
    const url = await cli.url();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const greeting = "hello from the project's .env";
    expect(JSON.parse((await getUrl(`${url}/api/legacy`)).body)).toEqual({ router: 'pages', greeting });
    const status = await getUrl(`${url}/api/status`);
    expect([status.headers['transfer-encoding'], JSON.parse(status.body)]).toEqual(['chunked', { router: 'app', version: '2025-01', greeting }]);
    expect(JSON.parse((await getUrl(`${url}/api/items/featured`)).body)).toEqual({ router: 'app', featured: ['a', 'b'] });
    expect(JSON.parse((await getUrl(`${url}/api/items/9`)).body)).toEqual({ router: 'pages', id: '9' });
    expect((await getUrl(`${url}/feed.xml`)).headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(await getUrl(`${url}/api/nope`)).toMatchObject({ status: 404, body: 'Not Found' });
    await cli.waitFor('stderr', /environment \(\w+\) from \.env in __tests__\/fixtures\/mixed-project/);
  });

  test('--base-path prefixes the project (Next\'s basePath)', async () => {
    const cli = session.start([PROJECT, '--port', '0', '--base-path', '/v2']);
    const url = await cli.url();
    expect(url).toMatch(/\/v2$/);
    expect(cli.stdout()).toMatch(/^\/v2\/api\/status +app +static/m);
    expect(JSON.parse((await getUrl(`${url}/api/orders/7`)).body)).toEqual({ router: 'app', orderId: '7' });
  });

  test('one URL in both trees exits 1 with Next\'s message and both files, no stack', async () => {
    const dir = session.tempProject({
      'pages/api/users.js': 'export default (req, res) => res.end();\n',
      'app/api/users/route.ts': 'export const GET = () => new Response("x");\n',
    });
    const result = await session.run(['.', '--routes'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('next-api-express: App Router and Pages Router both match path: /api/users');
    expect(result.stderr).toContain('  "pages/api/users.js" - "app/api/users/route.ts"');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('--watch: a new route handler is served and the table printed again; --workers serves both trees', async () => {
    const dir = session.tempProject({
      'pages/api/a.js': 'export default (req, res) => res.send("a");\n',
      'app/api/b/route.ts': 'export const GET = () => new Response("b");\n',
    });
    const cli = session.start(['.', '--port', '0', '--watch'], dir);
    const url = await cli.url();
    expect((await getUrl(`${url}/api/b`)).body).toBe('b');
    writeAsEditorsDo(dir, 'app/api/c/route.ts', 'export const GET = () => new Response("c");\n');
    await eventually(async () => expect((await getUrl(`${url}/api/c`)).body).toBe('c'));
    await cli.waitFor('stdout', /Routes changed:\nROUTE +ROUTER +KIND +FILE\n\/api\/a +pages +static +pages\/api\/a\.js\n\/api\/b +app +static +app\/api\/b\/route\.ts\n\/api\/c +app +static +app\/api\/c\/route\.ts\n/);
    process.kill(cli.pid, 'SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });

    const workers = session.start(['.', '--port', '0', '--workers', '2'], dir);
    const served = await workers.url();
    const listening = (): number[] => [...workers.stderr().matchAll(/worker (\d+) listening/g)].map((m) => Number(m[1]));
    await eventually(async () => expect(listening()).toHaveLength(2));
    for (const pid of listening()) session.track(pid);
    expect([(await getUrl(`${served}/api/a`)).body, (await getUrl(`${served}/api/c`)).body]).toEqual(['a', 'c']);
    process.kill(workers.pid, 'SIGTERM');
    expect(await workers.exited).toEqual({ code: 0, signal: null });
    for (const pid of listening()) await eventually(async () => expect(isAlive(pid)).toBe(false));
  }, 30_000);
});

describe('an App Router folder given directly', () => {
  test('app/ is served at the root, app/api at /api; .env comes from the folder holding app/', async () => {
    const whole = session.start([`${PROJECT}/app`, '--port', '0']);
    const root = await whole.url();
    expect(root).toMatch(/:\d+$/);
    expect(JSON.parse((await getUrl(`${root}/api/status`)).body)).toMatchObject({ router: 'app', greeting: "hello from the project's .env" });
    expect((await getUrl(`${root}/api/legacy`)).status).toBe(404);

    const api = await session.run([`${PROJECT}/app/api`, '--routes']);
    expect(api.code).toBe(0);
    expect(api.stdout).toMatch(/^\/api\/orders\/\[orderId\] +app +dynamic +__tests__\/fixtures\/mixed-project\/app\/api\/orders\/\[orderId\]\/route\.ts$/m);
    expect(api.stdout).not.toContain('feed.xml');
  });

  test('a pages/api folder given directly is served as before: no ROUTER column, /api', async () => {
    const result = await session.run([join(REPO_ROOT, PROJECT, 'pages', 'api'), '--routes']);
    expect(result.stdout.split('\n')[0]).toMatch(/^ROUTE +KIND +FILE$/);
    expect(result.stdout).toMatch(/^\/api\/items\/\[id\] +dynamic/m);
  });
});

describe("next.config's pageExtensions (read as text, never run)", () => {
  const files = {
    'next.config.mjs': "// pageExtensions: ['js'] (an old setting, commented out)\nconst nextConfig = {\n  reactStrictMode: true,\n  pageExtensions: ['page.tsx', 'api.ts'],\n};\nexport default nextConfig;\n",
    'pages/api/hello.api.ts': 'export default (req, res) => res.json({ hello: "api.ts" });\n',
    'pages/api/helper.ts': 'export const shared = 1;\n',
  };

  test('a literal list is applied, as next start applies it, and the CLI says where it came from', async () => {
    const dir = session.tempProject(files);
    const result = await session.run(['.', '--routes'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').map((line) => line.split(/ {2,}/))).toEqual([
      ['ROUTE', 'ROUTER', 'KIND', 'FILE'],
      ['/api/hello', 'pages', 'static', 'pages/api/hello.api.ts'],
    ]);
    expect(result.stderr).toContain('next-api-express: pageExtensions page.tsx, api.ts from the next.config in .\n');
    expect(result.stderr).not.toMatch(/sets pageExtensions/);
  });

  test('--page-extensions wins, and the mount warns that next.config says otherwise', async () => {
    const dir = session.tempProject(files);
    const result = await session.run(['.', '--routes', '--page-extensions', 'ts'], dir);
    expect(result.stdout).toMatch(/^\/api\/hello\.api +pages +static/m);
    expect(result.stdout).toMatch(/^\/api\/helper +pages +static/m);
    expect(result.stderr).toContain(
      `next.config.mjs sets pageExtensions ["page.tsx","api.ts"], but routes here are the files ending in ts: URLs differ from next start's. Pass { pageExtensions: ["page.tsx","api.ts"] } (CLI: --page-extensions page.tsx,api.ts).`,
    );
  });

  test('a list made by code is not guessed: the default extensions, and a warning naming the file and the flag', async () => {
    const dir = session.tempProject({ ...files, 'next.config.mjs': "const ext = ['api.ts'];\nexport default { pageExtensions: [...ext, 'api.js'] };\n" });
    const result = await session.run(['.', '--routes'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\/api\/hello\.api +pages +static/m);
    expect(result.stderr).toContain('next.config.mjs sets pageExtensions by code, which is not run here: routes are the files ending in tsx, ts, jsx, js. Pass the same list as the pageExtensions option (CLI: --page-extensions).');
    const given = await session.run(['.', '--routes', '--page-extensions', 'api.ts'], dir);
    expect(given.stdout).toMatch(/^\/api\/hello +pages +static/m);
    expect(given.stderr).not.toMatch(/sets pageExtensions/);
  });
});
