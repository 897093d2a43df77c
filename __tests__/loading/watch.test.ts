// Watch mode (apiRoutes({ watch: true }), lib/loading/watch-folders.ts):
// edits, additions, removals, broken edits and their fixes are picked up on
// the next request without a restart.
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { apiRoutes, type ApiRoutesMiddleware } from '../../lib';
import { eventually, memoryLogger, removeDir, tempDir, writeAsEditorsDo, type MemoryLogger } from '../support';

let root: string;
let middleware: ApiRoutesMiddleware;
let logger: MemoryLogger;
let app: express.Express;

/** Saved the way editors save (temporary file, then rename): the watcher must survive it. */
const write = (path: string, text: string): void => writeAsEditorsDo(root, path, text);

beforeEach(() => {
  root = tempDir('watch');
  write('lib/message.ts', "export const message = (): string => 'one';\n");
  write('lib/legacy.js', "module.exports = { n: 1 };\n");
  write('pages/api/hello.ts', "import { message } from '../../lib/message';\nexport default function handler(req: any, res: any) { res.json({ message: message() }); }\n");
  write('pages/api/cjs.js', "const legacy = require('../../lib/legacy');\nmodule.exports = (req, res) => res.json({ n: legacy.n });\n");
  logger = memoryLogger();
  middleware = apiRoutes(join(root, 'pages/api'), { watch: true, logger });
  app = express();
  app.use('/api', middleware);
});

afterEach(async () => {
  await middleware.close();
  removeDir(root);
});

test('editing a handler, and a TS or CJS module it imports, shows on the next request', async () => {
  expect((await request(app).get('/api/hello')).body).toEqual({ message: 'one' });
  expect((await request(app).get('/api/cjs')).body).toEqual({ n: 1 });

  write('lib/message.ts', "export const message = (): string => 'two';\n");
  await eventually(async () => expect((await request(app).get('/api/hello')).body).toEqual({ message: 'two' }));

  write('pages/api/hello.ts', "import { message } from '../../lib/message';\nexport default function handler(req: any, res: any) { res.json({ message: message(), edited: true }); }\n");
  await eventually(async () => expect((await request(app).get('/api/hello')).body).toEqual({ message: 'two', edited: true }));

  write('lib/legacy.js', "module.exports = { n: 2 };\n");
  await eventually(async () => expect((await request(app).get('/api/cjs')).body).toEqual({ n: 2 }));
});

test('adding, renaming and removing files updates the route table', async () => {
  expect((await request(app).get('/api/added')).status).toBe(404);
  write('pages/api/added.js', 'export default (req, res) => res.json({ added: true });\n');
  await eventually(async () => expect((await request(app).get('/api/added')).body).toEqual({ added: true }));

  renameSync(join(root, 'pages/api/added.js'), join(root, 'pages/api/renamed.js'));
  await eventually(async () => {
    expect((await request(app).get('/api/renamed')).body).toEqual({ added: true });
    expect((await request(app).get('/api/added')).status).toBe(404);
  });

  rmSync(join(root, 'pages/api/renamed.js'));
  await eventually(async () => expect((await request(app).get('/api/renamed')).status).toBe(404));
  expect(middleware.routes.map((r) => r.route)).toEqual(['/cjs', '/hello']);
});

test('a syntax error keeps the previous handler serving, logged with the file; the fix recovers', async () => {
  expect((await request(app).get('/api/hello')).body).toEqual({ message: 'one' });
  write('pages/api/hello.ts', 'export default function handler(req, res) {\n  res.json({ broken: true }\n');
  await eventually(async () => expect(logger.text()).toMatch(/hello\.ts:3:1: Unexpected token[\s\S]*the previous version keeps serving/));
  expect((await request(app).get('/api/hello')).body).toEqual({ message: 'one' });

  write('pages/api/hello.ts', "export default function handler(req: any, res: any) { res.json({ fixed: true }); }\n");
  await eventually(async () => expect((await request(app).get('/api/hello')).body).toEqual({ fixed: true })).catch((err) => {
    throw new Error(`${err}\n${logger.text()}`);
  });
  expect(logger.text()).toContain(`warn: next-api-express (watch): /api/hello loads again (${join(root, 'pages/api/hello.ts')})`);
});

test('a conflict keeps the previous table serving, logged with the files; removing it recovers', async () => {
  write('pages/api/[a].js', 'export default (req, res) => res.json({ a: req.query.a });\n');
  await eventually(async () => expect((await request(app).get('/api/x')).body).toEqual({ a: 'x' }));
  write('pages/api/[b].js', 'export default (req, res) => res.json({ b: req.query.b });\n');
  await eventually(async () => expect(logger.text()).toContain("You cannot use different slug names for the same dynamic path ('a' !== 'b')."));
  expect(logger.text()).toMatch(/\[b\]\.js[\s\S]*the previous route table keeps serving/);
  expect((await request(app).get('/api/x')).body).toEqual({ a: 'x' });

  rmSync(join(root, 'pages/api/[b].js'));
  write('pages/api/new.js', 'export default (req, res) => res.json({ new: true });\n');
  await eventually(async () => expect((await request(app).get('/api/new')).body).toEqual({ new: true }));
  expect(logger.text()).toMatch(/warn: next-api-express \(watch\): the route table is valid again \(\d+ routes\)/);
});

test('without watch, nothing is re-read', async () => {
  const still = apiRoutes(join(root, 'pages/api'), { logger });
  const plain = express();
  plain.use('/api', still);
  expect((await request(plain).get('/api/hello')).body).toEqual({ message: 'one' });
  write('lib/message.ts', "export const message = (): string => 'changed';\n");
  write('pages/api/later.js', 'export default (req, res) => res.json({});\n');
  // The watching middleware sees the change: proof it happened before we ask the other one.
  await eventually(async () => expect((await request(app).get('/api/hello')).body).toEqual({ message: 'changed' }));
  expect((await request(plain).get('/api/hello')).body).toEqual({ message: 'one' });
  expect((await request(plain).get('/api/later')).status).toBe(404);
});

test('top-level await: an edit of a module with one is awaited again; a rejection keeps the previous version serving; the fix recovers', async () => {
  write('lib/config.ts', "export const config = await Promise.resolve({ region: 'eu' });\n");
  write('pages/api/region.ts', "import { config } from '../../lib/config';\nexport default function handler(req: any, res: any) { res.json(config); }\n");
  await eventually(async () => expect((await request(app).get('/api/region')).body).toEqual({ region: 'eu' }));

  write('lib/config.ts', "export const config = await Promise.resolve({ region: 'us' });\n");
  await eventually(async () => expect((await request(app).get('/api/region')).body).toEqual({ region: 'us' }));

  write('lib/config.ts', "export const config = await Promise.reject(new Error('no region'));\n");
  await eventually(async () => expect(logger.text()).toMatch(/Failed to load \/api\/region from .*region\.ts:\nError: no region[\s\S]*the previous version keeps serving/));
  expect((await request(app).get('/api/region')).body).toEqual({ region: 'us' });

  write('lib/config.ts', "export const config = await Promise.resolve({ region: 'ap' });\n");
  await eventually(async () => expect((await request(app).get('/api/region')).body).toEqual({ region: 'ap' }));
  expect(logger.text()).toContain(`warn: next-api-express (watch): /api/region loads again (${join(root, 'pages/api/region.ts')})`);
});

test('a module a route imports that throws when loaded keeps the previous version serving; fixing that module recovers the route', async () => {
  expect((await request(app).get('/api/hello')).body).toEqual({ message: 'one' });
  write('lib/message.ts', "throw new Error('message store unreachable');\n");
  await eventually(async () => expect(logger.text()).toMatch(/Failed to load \/api\/hello from .*hello\.ts:\nError: message store unreachable[\s\S]*the previous version keeps serving/));
  expect((await request(app).get('/api/hello')).body).toEqual({ message: 'one' });

  write('lib/message.ts', "export const message = (): string => 'three';\n");
  await eventually(async () => expect((await request(app).get('/api/hello')).body).toEqual({ message: 'three' }));
});
