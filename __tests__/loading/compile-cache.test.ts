// The on-disk compile cache (lib/loading/compile-cache.ts), over real files and real
// processes: a second start serves from the cache without loading the compiler, an edit
// misses, a damaged entry is ignored and written again, `compileCache: false` writes
// nothing, and watch mode still sees edits.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { apiRoutes, type ApiRoutesMiddleware } from '../../lib';
import { eventually, memoryLogger } from '../support';

let project: string;
let routes: string;

function write(path: string, text: string): void {
  mkdirSync(join(project, path, '..'), { recursive: true });
  writeFileSync(join(project, path), text);
}

const HELLO_TS = "import { greet } from '@/lib/greet';\nexport default function handler(req: any, res: any) { res.status(200).json({ message: greet('ada') }); }\n";

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'next-api-express-compile-cache-'));
  routes = join(project, 'pages', 'api');
  write('package.json', '{ "name": "cache-test", "private": true }\n');
  write('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }));
  write('lib/greet.ts', 'export const greet = (name: string): string => `hello ${name}`;\n');
  write('pages/api/hello.ts', HELLO_TS);
  write('pages/api/plain.js', 'module.exports = (req, res) => res.json({ plain: true });\n');
});

afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

const defaultDir = (): string => join(project, 'node_modules', '.cache', 'next-api-express');
/** The cache's files: one pack per routes folder. */
const packs = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pack')).map((f) => join(dir, f)) : []);
/** How many compiled files the packs in `dir` hold (one header line per entry: key, hash, length). */
const entries = (dir: string): number => packs(dir).reduce((n, f) => n + (readFileSync(f, 'utf8').match(/^[0-9a-f]{64} [0-9a-f]{64} \d+$/gm) ?? []).length, 0);

/** One start of the built package in a fresh `node` process: what it answers, and whether it loaded the compiler. */
async function start(compileCache: boolean | string = true): Promise<{ compilerLoaded: boolean; hello: request.Response; plain: request.Response }> {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm test`, which builds first');
  const child = spawn(process.execPath, [join(__dirname, '..', 'support', 'start-dist.js'), routes, JSON.stringify(compileCache)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (code) => reject(new Error(`start-dist.js exited with ${code}`)));
    });
    const { port, compilerLoaded } = JSON.parse(line) as { port: number; compilerLoaded: boolean };
    const base = `http://127.0.0.1:${port}`;
    return { compilerLoaded, hello: await request(base).get('/api/hello'), plain: await request(base).get('/api/plain') };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

function expectAnswers(run: Awaited<ReturnType<typeof start>>, message: string): void {
  expect(run.hello.status).toBe(200);
  expect(run.hello.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(run.hello.body).toEqual({ message });
  expect(run.plain.status).toBe(200);
  expect(run.plain.body).toEqual({ plain: true });
}

test('the second start reads compiled files from the cache and never loads the compiler', async () => {
  const first = await start();
  expectAnswers(first, 'hello ada');
  expect(first.compilerLoaded).toBe(true);
  // One pack, holding the route file and the module it imports; the CommonJS file needs no compiling.
  expect(packs(defaultDir())).toHaveLength(1);
  expect(entries(defaultDir())).toBe(2);

  const second = await start();
  expectAnswers(second, 'hello ada');
  expect(second.compilerLoaded).toBe(false);
  expect(entries(defaultDir())).toBe(2);
});

test('an edited file misses the cache and is compiled again; the next start hits it', async () => {
  await start();
  write('pages/api/hello.ts', HELLO_TS.replace("greet('ada')", "greet('grace') + '!'"));

  const after = await start();
  expectAnswers(after, 'hello grace!');
  expect(after.compilerLoaded).toBe(true);
  // The old version's entry, the new one, and the unchanged module's.
  expect(entries(defaultDir())).toBe(3);

  const again = await start();
  expectAnswers(again, 'hello grace!');
  expect(again.compilerLoaded).toBe(false);
});

test.each([
  ['garbage', (): string => 'not a cache pack at all'],
  ['a truncated pack', (text: string): string => text.slice(0, text.length - 20)],
  ['code edited after it was written', (text: string): string => text.replace('hello', 'HELLO')],
  ['an empty file', (): string => ''],
])('%s is ignored, compiled again and written again', async (_name, damage) => {
  await start();
  const [pack] = packs(defaultDir());
  writeFileSync(pack, damage(readFileSync(pack, 'utf8')));

  const run = await start();
  expectAnswers(run, 'hello ada');
  expect(run.compilerLoaded).toBe(true);
  const next = await start();
  expectAnswers(next, 'hello ada');
  expect(next.compilerLoaded).toBe(false);
});

test('deleting the cache folder between starts only costs a compile', async () => {
  await start();
  rmSync(join(project, 'node_modules'), { recursive: true, force: true });
  const run = await start();
  expectAnswers(run, 'hello ada');
  expect(run.compilerLoaded).toBe(true);
  expect(entries(defaultDir())).toBe(2);
});

test('compileCache: false writes nothing; a folder option puts the entries there and only there', async () => {
  const off = await start(false);
  expectAnswers(off, 'hello ada');
  expect(existsSync(join(project, 'node_modules'))).toBe(false);

  const chosen = join(project, 'build-cache', 'compiled');
  const first = await start(chosen);
  expectAnswers(first, 'hello ada');
  expect(entries(chosen)).toBe(2);
  expect(existsSync(join(project, 'node_modules'))).toBe(false);
  const second = await start(chosen);
  expect(second.compilerLoaded).toBe(false);
  expectAnswers(second, 'hello ada');
});

test('a cache folder that cannot be made is reported once, and routes still compile and answer', async () => {
  write('not-a-folder', 'a file where the cache folder should go\n');
  const logger = memoryLogger();
  const app = express();
  app.use('/api', apiRoutes(routes, { compileCache: join(project, 'not-a-folder', 'cache'), logger }));
  const res = await request(app).get('/api/hello');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ message: 'hello ada' });
  expect(logger.lines).toEqual([
    `warn: next-api-express: the compile cache folder ${join(project, 'not-a-folder', 'cache')} cannot be created or written; route files are compiled without it.`,
  ]);
});

describe('watch mode with the cache on', () => {
  let middleware: ApiRoutesMiddleware;
  afterEach(async () => {
    await middleware?.close();
  });

  test('edits to a route and to a module it imports show on the next request', async () => {
    const logger = memoryLogger();
    middleware = apiRoutes(routes, { watch: true, logger });
    const app = express();
    app.use('/api', middleware);
    expect((await request(app).get('/api/hello')).body).toEqual({ message: 'hello ada' });
    await middleware.ready(); // the pack is written in the background; ready() waits for it
    expect(entries(defaultDir())).toBe(2);

    write('lib/greet.ts', 'export const greet = (name: string): string => `hi ${name}`;\n');
    await eventually(async () => expect((await request(app).get('/api/hello')).body).toEqual({ message: 'hi ada' }));
    write('pages/api/hello.ts', HELLO_TS.replace("greet('ada')", "greet('bob')"));
    await eventually(async () => expect((await request(app).get('/api/hello')).body).toEqual({ message: 'hi bob' }));
    await middleware.ready();
    expect(entries(defaultDir())).toBe(4);
    expect(logger.lines).toEqual([]);
  });
});

test.each([[42], [''], [null], [{}]])('compileCache: %p is refused at start-up, naming the option', (value) => {
  expect(() => apiRoutes(routes, { compileCache: value as never })).toThrow(TypeError);
  expect(() => apiRoutes(routes, { compileCache: value as never })).toThrow(/compileCache/);
});
