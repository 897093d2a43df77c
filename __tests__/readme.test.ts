// Every JavaScript/TypeScript example in README.md is run here (or, for the
// type-only example, compiled by the type tests), so the README cannot drift
// from what the package does. A new example without a check fails this file.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import { join } from 'node:path';
import express from 'express';
import cookieParser from 'cookie-parser';
import request from 'supertest';
import { transform } from 'sucrase';
import * as library from '../lib';
import { eventually, fixture, memoryLogger } from './support';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(js|ts)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));
const exampleApp = join(__dirname, '..', 'example-app');

/** Runs a README block as an async function body with the given names in scope; returns its `app` and `api`. */
async function run(code: string, scope: Record<string, unknown>): Promise<{ app?: unknown; api?: library.ApiRoutesMiddleware; value?: unknown }> {
  const js = transform(code, { transforms: ['typescript'], disableESTransforms: true }).code;
  const names = Object.keys(scope);
  const body = `return (async () => {\n${js}\nreturn { app: typeof app === 'undefined' ? undefined : app, api: typeof api === 'undefined' ? undefined : api };\n})();`;
  return new Function(...names, body)(...names.map((n) => scope[n]));
}

/** `require` as a user's app has it: the package by its name, anything else from node_modules. */
const userRequire = (id: string): unknown => (id === 'next-api-express' ? library : require(id));
const quietApiRoutes = (dir: string, options: library.ApiRoutesOptions = {}) => library.apiRoutes(dir, { logger: memoryLogger(), ...options });
const quietAppRoutes = (dir: string, options: library.AppRoutesOptions = {}) => library.appRoutes(dir, { logger: memoryLogger(), ...options });

/** Runs `fn` in the App Router fixture project (`fixtures/app-router`, which has `app/api`). */
async function inAppProject<T>(fn: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(fixture('app-router'));
  try {
    return await fn();
  } finally {
    process.chdir(cwd);
  }
}

async function inExampleApp<T>(fn: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(exampleApp);
  try {
    return await fn();
  } finally {
    process.chdir(cwd);
  }
}

type Check = (code: string) => Promise<void>;

const checks: Array<[string, Check]> = [
  ["app.use('/api', apiRoutes('./pages/api'));\n", async (code) => {
    const app = express();
    await inExampleApp(() => run(code, { app, apiRoutes: quietApiRoutes }));
    expect((await request(app).get('/api/hello')).body).toEqual({ name: 'John Doe' });
  }],
  ["const { apiRoutes } = require('next-api-express');", async (code) => {
    const { app, value } = await run(`${code}\nreturn { value: apiRoutes };`, { require: userRequire }).then((r) => ({ app: r.app, value: (r as { value?: unknown }).value }));
    expect(app).toBeUndefined();
    expect(value).toBe(library.apiRoutes);
  }],
  ['const app = express();\napp.use(cookieParser());', async (code) => {
    const { app } = await inExampleApp(() => run(code, { express, cookieParser, apiRoutes: quietApiRoutes }));
    expect((await request(app as express.Express).get('/api/users/1')).body).toEqual({ id: '1', name: 'Ada Lovelace' });
    expect((await request(app as express.Express).get('/api/nope')).body).toEqual({ error: 'not found' });
  }],
  ["http.createServer(apiRoutes('./pages/api', { basePath: '/api' })).listen(3000);", async (code) => {
    const servers: http.Server[] = [];
    // The example listens on 3000; here every server gets a free port on 127.0.0.1.
    const httpOnFreePort = {
      createServer: (listener: http.RequestListener) => {
        const server = http.createServer(listener);
        servers.push(server);
        return { listen: () => server.listen(0, '127.0.0.1') };
      },
    };
    await inExampleApp(() => run(code, { http: httpOnFreePort, apiRoutes: quietApiRoutes }));
    expect((await request(servers[0]).get('/api/posts/2024/hello')).body).toEqual({ slug: ['2024', 'hello'] });
    servers[0].close();
  }],
  ['await api.ready();', async (code) => {
    const app = express();
    const { api } = await inExampleApp(() => run(code, { app, apiRoutes: quietApiRoutes }));
    expect(api?.routes.every((r) => r.config !== undefined)).toBe(true);
    expect((await request(app).get('/api/docs/a/b')).body).toEqual({ path: ['a', 'b'] });
  }],
  ['revalidate: revalidateNextFrontend(', async (code) => {
    const app = express();
    const frontendPreviewKeys = { previewModeId: 'a'.repeat(32), previewModeSigningKey: 'b'.repeat(64), previewModeEncryptionKey: 'c'.repeat(64) };
    await inExampleApp(() => run(code, { app, require: userRequire, frontendPreviewKeys }));
    // The hook itself is exercised against a local frontend in pages/revalidate.test.ts.
    expect((await request(app).get('/api/hello')).status).toBe(200);
  }],
  ["{ watch: process.env.NODE_ENV !== 'production' }", async (code) => {
    const { api } = await inExampleApp(() => run(code, { apiRoutes: quietApiRoutes }));
    expect(api?.routes.map((r) => r.route)).toEqual(['/docs/[[...path]]', '/go', '/hello', '/posts/[...slug]', '/users', '/users/[id]']);
    await api?.close();
  }],
  ["api.routes.find((r) => r.route === '/users/[id]/posts');", async (code) => {
    const api = quietApiRoutes(fixture('routing'));
    const first = code.split('\n')[0];
    const found = await run(`return { value: ${first.replace(/;$/, '')} };`, { api }) as { value?: library.RouteInfo };
    expect(found.value).toEqual({
      route: '/users/[id]/posts', page: '/api/users/[id]/posts', pattern: '^/users/([^/]+?)/posts(?:/)?$',
      file: fixture('routing', 'users', '[id]', 'posts.js'), kind: 'dynamic', paramNames: ['id'], config: undefined,
    });
  }],
  ["api.explain('/api/users/42?id=99&x=1', { mountPath: '/api' });", async (code) => {
    const api = quietApiRoutes(fixture('routing'));
    const calls = code.split('\n').filter((line) => line.startsWith('api.explain('));
    const [match, miss] = await Promise.all(calls.map((call) => run(`return { value: ${call.replace(/;$/, '')} };`, { api }).then((r) => (r as { value?: unknown }).value)));
    expect(match).toMatchObject({ outcome: 'match', route: { route: '/users/[id]' }, params: { id: '42' }, query: { id: '42', x: '1' }, handlerUrl: '/api/users/42?id=99&x=1' });
    expect(miss).toMatchObject({ outcome: 'no-match', reason: 'no route file matches /users/42/other', closest: { route: { route: '/users/[id]/posts' }, reason: 'segment 3 is "other", the route wants "posts"' } });
  }],
  ["request(createTestApp('src/pages/api'))", async (code) => {
    // Runs in the runner matrix (runners.test.ts, jest + ts-jest); the README shows that file verbatim.
    expect(code).toBe(readFileSync(join(__dirname, '..', 'test-runners', 'tests', 'ts-jest', 'readme.test.ts'), 'utf8'));
  }],
  ["request(testHandler(hello, { params: { name: 'Grace' } }))", async (code) => {
    expect(code).toBe(readFileSync(join(__dirname, '..', 'test-runners', 'tests', 'ts-jest', 'readme-handler.test.ts'), 'utf8'));
  }],
  ['if (err instanceof RouteLoadError)', async (code) => {
    const app = express();
    const cwd = process.cwd();
    process.chdir(fixture('broken-project'));
    try {
      await run(code, { app, require: (id: string) => (id === 'next-api-express' ? { ...library, apiRoutes: quietApiRoutes } : require(id)) });
    } finally {
      process.chdir(cwd);
    }
    await request(app).get('/api/notfn').expect(503, { code: 'ERR_NO_DEFAULT_EXPORT' });
    await request(app).get('/api/ok').expect(200, { ok: true });
  }],
  ["process.on('uncaughtException', (err, origin) =>", async (code) => {
    // In a process of its own: one listener sees a throw in a timer and an
    // unhandled rejection, logs both, and the process keeps running.
    const script = `${code}\nsetTimeout(() => { throw new Error('from a timer'); }, 1);\nPromise.reject(new Error('not awaited'));\nsetTimeout(() => console.log('still running'), 100);\n`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code_ = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect([code_, out]).toEqual([0, 'still running\n']);
    expect(err).toMatch(/⨯ unhandledRejection: Error: not awaited/);
    expect(err).toMatch(/⨯ uncaughtException: Error: from a timer/);
  }],
  ['server.headersTimeout = 20_000;', async (code) => {
    const servers: http.Server[] = [];
    // The example listens on 3000; here on a free port of 127.0.0.1.
    const app = { listen: () => servers[servers.push(http.createServer().listen(0, '127.0.0.1')) - 1] };
    await run(code, { app });
    expect([servers[0].headersTimeout, servers[0].requestTimeout]).toEqual([20_000, 60_000]);
    servers[0].close();
  }],
  ['loadEnv(__dirname); // the project folder', async (code) => {
    const project = fixture('env-project');
    const keys = ['SHARED', 'ONLY_IN_ENV', 'ONLY_IN_LOCAL', 'ONLY_IN_MODE', 'ONLY_IN_MODE_LOCAL', 'API_HOST', 'API_PORT', 'API_URL', 'GREETING', 'PRICE'];
    const saved = { ...process.env };
    for (const key of keys) delete process.env[key];
    const cwd = process.cwd();
    try {
      const app = express();
      process.chdir(project);
      await run(code, { app, require: userRequire, __dirname: project });
      // jest runs with NODE_ENV=test: .env.test.local, .env.test, .env (never .env.local).
      expect((await request(app).get('/api/env')).body).toMatchObject({ SHARED: 'from-.env.test', ONLY_IN_LOCAL: null, API_URL: 'http://localhost:4000/v1' });
    } finally {
      process.chdir(cwd);
      for (const key of keys) delete process.env[key];
      Object.assign(process.env, saved);
    }
  }],
  ["loadEnv(__dirname, { mode: 'test' });", async (code) => {
    const project = fixture('env-project');
    const saved = { ...process.env };
    try {
      for (const key of ['SHARED', 'ONLY_IN_LOCAL', 'ONLY_IN_ENV']) delete process.env[key];
      await run(code, { require: userRequire, __dirname: project });
      expect([process.env.SHARED, process.env.ONLY_IN_LOCAL, process.env.ONLY_IN_ENV]).toEqual(['from-.env.test', undefined, expect.any(String)]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  }],
  ["app.use('/api', appRoutes('./app/api')); // app/api/users/[id]/route.ts", async (code) => {
    const app = express();
    const created: unknown[] = [];
    const httpNoListen = { createServer: (listener: unknown) => created.push(listener) };
    const quietRequire = (id: string): unknown => (id === 'next-api-express' ? { ...library, appRoutes: quietAppRoutes } : require(id));
    await inAppProject(() => run(code, { app, http: httpNoListen, require: quietRequire }));
    expect((await request(app).get('/api/users/42')).body).toEqual({ id: '42' });
    expect((await request(created[0] as http.RequestListener).get('/api/users/7')).body).toEqual({ id: '7' });
  }],
  ["// A session kept in a cookie through next/headers.", async (code) => {
    // The README shows this fixture verbatim; web/app-routes.test.ts runs it on every host.
    expect(code).toBe(readFileSync(fixture('app-router', 'app', 'api', 'session', 'route.ts'), 'utf8'));
  }],
  ["app.use('/api', appRoutes('./app/api', { cache: redisRouteCache }));", async (code) => {
    const app = express();
    const redisRouteCache = new library.MemoryRouteCacheStore();
    await inAppProject(() => run(code, { app, appRoutes: quietAppRoutes, redisRouteCache }));
    const res = await request(app).get('/api/static/isr');
    expect([res.headers['x-nextjs-cache'], res.headers['cache-control']]).toEqual(['HIT', 's-maxage=60, stale-while-revalidate=31535940']);
    expect(redisRouteCache.get('/api/static/isr')?.response.status).toBe(200);
  }],
  ["app.use(projectRoutes('.'));", async (code) => {
    const app = express();
    const quiet = (id: string): unknown =>
      id === 'next-api-express' ? { ...library, projectRoutes: (dir: string) => library.projectRoutes(dir, { logger: memoryLogger() }) } : require(id);
    const cwd = process.cwd();
    process.chdir(fixture('mixed-project'));
    try {
      await run(code, { app, require: quiet });
    } finally {
      process.chdir(cwd);
    }
    expect((await request(app).get('/api/items/featured')).body).toEqual({ router: 'app', featured: ['a', 'b'] });
    expect((await request(app).get('/api/items/1')).body).toEqual({ router: 'pages', id: '1' });
    expect((await request(app).get('/feed.xml')).status).toBe(200);
  }],
  ["request(testRoute(greetings, { route: '/api/greetings/[name]' }))", async (code) => {
    // Runs in the runner matrix (runners.test.ts, jest + ts-jest); the README shows that file verbatim.
    expect(code).toBe(readFileSync(join(__dirname, '..', 'test-runners', 'tests', 'ts-jest', 'readme-route.test.ts'), 'utf8'));
  }],
  ["import type { NextApiRequest, NextApiResponse } from 'next-api-express'; // was: from 'next'", async (code) => {
    // Type-only: the type tests compile this exact file.
    expect(readFileSync(join(__dirname, 'types', 'migrated-handler.ts'), 'utf8')).toContain(code);
  }],
];

/**
 * Runs the README's CLI example matched by `example` (a command line and the
 * output shown after it) in a fresh project made of `files`, on a free port
 * instead of 8080: the output must be what the README shows, and `answers`
 * (URL → JSON body) must come back.
 */
async function checkCliExample(example: RegExp, args: string[], files: Record<string, string>, answers: Record<string, unknown>): Promise<void> {
  const found = example.exec(readme);
  expect(found).not.toBeNull();
  const [, command, shown] = found as RegExpExecArray;
  expect(command.split(' ').slice(2)).toEqual(args);
  const project = mkdtempSync(join(tmpdir(), 'next-api-express-readme-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(join(project, path, '..'), { recursive: true });
    writeFileSync(join(project, path), source);
  }
  const cli = spawn(process.execPath, [join(__dirname, '..', 'bin', 'next-api-express.js'), ...args.map((a) => (a === '8080' ? '0' : a))], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  try {
    await eventually(async () => expect(stdout).toContain('Listening on'));
    const port = /127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
    expect(stdout).toBe(shown.replace('8080', String(port)));
    for (const [url, body] of Object.entries(answers)) expect((await request(`http://127.0.0.1:${port}`).get(url)).body).toEqual(body);
  } finally {
    cli.kill('SIGINT');
    await new Promise((resolve) => cli.once('exit', resolve));
    rmSync(project, { recursive: true, force: true });
  }
}

const HELLO = "export default function handler(req: any, res: any) { res.json({ name: 'John Doe' }); }\n";

test('the README CLI example prints what the README says', () =>
  checkCliExample(
    /```sh\n(npx next-api-express [^\n]+)\n```\n```text\n([\s\S]*?)```/,
    ['./pages/api', '--port', '8080', '--watch'],
    { 'pages/api/hello.ts': HELLO, 'pages/api/users/[id].ts': 'export default function handler(req: any, res: any) { res.json(req.query); }\n' },
    { '/api/users/7': { id: '7' } },
  ), 20_000);

test('the README CLI project example prints what the README says', () =>
  checkCliExample(
    /```sh\n(npx next-api-express \. [^\n]+)\n```\n```text\n([\s\S]*?)```/,
    ['.', '--port', '8080'],
    { 'pages/api/hello.ts': HELLO, 'app/api/users/[id]/route.ts': 'export async function GET(req: Request, { params }: any) { return Response.json(await params); }\n' },
    { '/api/users/7': { id: '7' }, '/api/hello': { name: 'John Doe' } },
  ), 20_000);

test('every README example has a check', () => {
  const unchecked = blocks.filter((b) => !checks.some(([key]) => b.code.includes(key)));
  expect(unchecked.map((b) => b.code)).toEqual([]);
});

describe.each(checks)('README example containing %j', (key, check) => {
  test('runs as documented', async () => {
    const block = blocks.find((b) => b.code.includes(key));
    expect(block).toBeDefined();
    await check((block as { code: string }).code);
  });
});
