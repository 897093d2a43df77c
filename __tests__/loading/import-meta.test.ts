// `import.meta` in route files (README "Loading route files"): the module's
// own file URL, filename and dirname, as Next's bundler gives them; and a
// missing package named against the file that imports it.
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import express from 'express';
import request from 'supertest';
import { apiRoutes, appRoutes, RouteLoadError } from '../../lib';
import { fixture, memoryLogger } from '../support';

const pagesDir = fixture('import-meta', 'pages', 'api');
const appDir = fixture('import-meta', 'app', 'api');

test('pages/api: import.meta.url, .filename, .dirname; new URL(..., import.meta.url) finds a file beside the route', async () => {
  const app = express();
  app.use('/api', apiRoutes(pagesDir, { logger: memoryLogger() }));
  const res = await request(app).get('/api/meta');
  expect(res.status).toBe(200);
  const file = `${pagesDir}/meta.ts`;
  expect(res.body).toEqual({
    url: pathToFileURL(file).href,
    filename: file,
    dirname: pagesDir,
    sameFile: true,
    data: { loaded: 'next to the route' },
    note: 'the text import.meta stays as written inside strings only when it is not a token: x.import.meta',
  });
});

test('App Router: import.meta beside top-level await', async () => {
  const app = express();
  app.use('/api', appRoutes(appDir, { logger: memoryLogger() }));
  const res = await request(app).get('/api/meta');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ where: pathToFileURL(`${appDir}/meta/route.js`).href, dirname: `${appDir}/meta` });
});

test("a missing package: the require stack names the file that imports it, not the folder's first file", async () => {
  const dir = fixture('import-meta', 'missing', 'pages', 'api');
  const logger = memoryLogger();
  const api = apiRoutes(dir, { logger });
  const app = express();
  app.use('/api', api);
  expect((await request(app).get('/api/a-fine')).status).toBe(200);
  expect((await request(app).get('/api/b-broken')).status).toBe(500);
  const failure = await api.ready().then(
    () => undefined,
    (err: AggregateError) => err.errors[0] as RouteLoadError,
  );
  // Under jest, packages are required through jest's resolver, which words it its own way.
  expect(failure).toBeInstanceOf(RouteLoadError);
  expect(failure?.message).toContain(`Cannot find module 'left-pad-that-is-not-installed' from '${dir}/b-broken.ts'`);
  expect(failure?.message).not.toContain('a-fine.ts');
  expect(logger.lines.join('\n')).toContain(`from '${dir}/b-broken.ts'`);
});

test('in a plain node process (Node\'s own require), the require stack names the importer too', () => {
  const dir = fixture('import-meta', 'missing', 'pages', 'api');
  const script = `
    const { apiRoutes } = require(${JSON.stringify(require.resolve('../../dist'))});
    const api = apiRoutes(${JSON.stringify(dir)}, { logger: { error() {}, warn() {} } });
    api.ready().catch((err) => { process.stdout.write(err.errors.map((e) => e.message).join('\\n---\\n')); });`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(out).toContain(`Cannot find module 'left-pad-that-is-not-installed'\nRequire stack:\n- ${dir}/b-broken.ts`);
  expect(out).not.toContain('a-fine.ts');
});

test('a template literal that uses import.meta, and one that holds //', async () => {
  const logger = memoryLogger();
  const app = express();
  app.use('/api', apiRoutes(fixture('import-meta', 'templates', 'pages', 'api'), { logger }));
  const res = await request(app).get('/api/where');
  expect(res.status).toBe(200);
  expect(res.text).toBe(`at ${pathToFileURL(fixture('import-meta', 'templates', 'pages', 'api', 'where.js')).href} // not a comment`);
});
