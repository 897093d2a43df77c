// What a user installs: `npm pack`, then the tarball installed into an empty
// folder. The CLI must run from node_modules/.bin and the package must load
// with require() and import, with nothing from this repo on the module path.
//
// The install runs offline: the temporary project's lockfile pins the
// package's runtime dependencies to the versions (and integrity hashes) this
// repo's lockfile has, whose tarballs `npm ci` of this repo already put in
// npm's cache. This repo's lockfile has no `resolved` URLs, so they are filled
// in with the registry's usual tarball address: with a URL and an integrity
// hash npm takes the tarball from its cache without asking the registry. A
// runtime dependency missing from package.json's `dependencies` is then
// missing there too, and the checks below fail.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  types: string;
};

type LockEntry = { version?: string; resolved?: string; dev?: boolean; devOptional?: boolean; link?: boolean; [key: string]: unknown };

/** `node_modules/a/node_modules/@s/b` → `https://registry…/@s/b/-/b-1.0.0.tgz`. */
function tarballUrl(registry: string, path: string, version: string): string {
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return `${registry.replace(/\/?$/, '/')}${name}/-/${name.split('/').pop()}-${version}.tgz`;
}

let project: string;
let tarball: string;
let packedFiles: string[];
const children: ChildProcess[] = [];

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'next-api-express-install-'));
  // The build is `npm test`'s first step; packing again would rebuild.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8' }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = packed[0].filename;
  packedFiles = packed[0].files.map((f) => f.path);

  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const self = lock.packages[''];
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'fresh-app', dependencies: { [pkg.name]: spec } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: spec,
      license: self.license,
      dependencies: self.dependencies,
      bin: self.bin,
      engines: self.engines,
      peerDependencies: self.peerDependencies,
      peerDependenciesMeta: self.peerDependenciesMeta,
    },
  };
  const registry = execFileSync('npm', ['config', 'get', 'registry'], { cwd: ROOT, encoding: 'utf8' }).trim();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.devOptional || entry.link) continue;
    packages[path] = entry.resolved || !entry.version ? entry : { ...entry, resolved: tarballUrl(registry, path, entry.version) };
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, dependencies: { [pkg.name]: spec } }));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'fresh-app', lockfileVersion: 3, requires: true, packages }));
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project, encoding: 'utf8', stdio: 'pipe' });

  mkdirSync(join(project, 'pages', 'api', 'users'), { recursive: true });
  writeFileSync(
    join(project, 'pages', 'api', 'users', '[id].ts'),
    "import type { NextApiRequest, NextApiResponse } from 'next';\n" +
      'export default function handler(req: NextApiRequest, res: NextApiResponse) {\n' +
      '  res.status(200).json({ id: req.query.id });\n' +
      '}\n',
  );
  // An App Router route handler beside it: the project is served whole by the CLI given '.'.
  mkdirSync(join(project, 'app', 'api', 'status'), { recursive: true });
  writeFileSync(
    join(project, 'app', 'api', 'status', 'route.ts'),
    "import { cookies } from 'next/headers';\n" +
      "import { NextResponse } from 'next/server';\n" +
      'export async function GET() {\n' +
      "  return NextResponse.json({ ok: true, theme: (await cookies()).get('theme')?.value ?? null });\n" +
      '}\n',
  );
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Runs node in the fresh project, where only its own node_modules resolve. */
function nodeIn(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.NODE_PATH;
  return spawnSync(process.execPath, args, { cwd: project, env, encoding: 'utf8' });
}

test('the tarball holds the build, the bin, the licence and the README, and no tests', () => {
  expect(packedFiles).toEqual(
    expect.arrayContaining(['LICENSE', 'README.md', 'package.json', pkg.bin['next-api-express'], pkg.types, 'dist/index.js', 'esm/index.mjs', 'esm/testing.mjs', 'dist/web/next/server.js', 'dist/web/next/server.d.ts', 'dist/web/next/headers.d.ts']),
  );
  expect(packedFiles.filter((f) => f.startsWith('__tests__/') || f.startsWith('conformance/'))).toEqual([]);
});

test("require('next-api-express') and require('next-api-express/testing') work in the fresh project", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const expected = Object.keys(require(join(ROOT, 'dist', 'index.js')) as object).sort();
  const result = nodeIn([
    '-e',
    "const m = require('next-api-express'); const t = require('next-api-express/testing');" +
      'console.log(JSON.stringify({ keys: Object.keys(m).sort(), apiRoutes: typeof m.apiRoutes, testApp: typeof t.createTestApp, from: require.resolve("next-api-express") }))',
  ]);
  expect(result.stderr).toBe('');
  const out = JSON.parse(result.stdout) as { keys: string[]; apiRoutes: string; testApp: string; from: string };
  expect(out.keys).toEqual(expected);
  expect(out).toMatchObject({ apiRoutes: 'function', testApp: 'function' });
  expect(out.from.startsWith(join(project, 'node_modules', pkg.name))).toBe(true);
});

test('next-api-express/next/* (for mapping next/* in a test runner) and testRoute load in the fresh project', () => {
  const cjs = nodeIn(['-e', "const s = require('next-api-express/next/server'); const h = require('next-api-express/next/headers'); const t = require('next-api-express/testing'); console.log(typeof s.NextResponse.json, typeof h.cookies, typeof t.testRoute)"]);
  expect([cjs.stderr, cjs.stdout.trim()]).toEqual(['', 'function function function']);
  const esm = nodeIn(['--input-type=module', '-e', "import { NextResponse } from 'next-api-express/next/server'; import { testRoute } from 'next-api-express/testing'; import { projectRoutes } from 'next-api-express'; console.log(typeof NextResponse, typeof testRoute, typeof projectRoutes);"]);
  expect([esm.stderr, esm.stdout.trim()]).toEqual(['', 'function function function']);
});

test('import from ESM works in the fresh project', () => {
  const result = nodeIn(['--input-type=module', '-e', "import apiRoutes, { apiRoutes as named } from 'next-api-express'; console.log(typeof apiRoutes, apiRoutes === named);"]);
  expect([result.stderr, result.stdout.trim()]).toEqual(['', 'function true']);
});

test('the CLI from node_modules/.bin: --version, --routes --ready on a TypeScript route', () => {
  const bin = join(project, 'node_modules', '.bin', 'next-api-express');
  expect(nodeIn([bin, '--version']).stdout).toBe(`${pkg.version}\n`);
  const routes = nodeIn([bin, 'pages/api', '--routes', '--ready']);
  expect(routes.stderr).toBe('');
  expect(routes.status).toBe(0);
  expect(routes.stdout).toContain('/api/users/[id]');
});

test('the CLI given the project folder: pages/api and app in one table, both served', async () => {
  const bin = join(project, 'node_modules', '.bin', 'next-api-express');
  const routes = nodeIn([bin, '.', '--routes', '--ready']);
  expect([routes.status, routes.stderr]).toEqual([0, '']);
  expect(routes.stdout).toMatch(/^\/api\/status +app +static +app\/api\/status\/route\.ts$/m);
  expect(routes.stdout).toMatch(/^\/api\/users\/\[id\] +pages +dynamic +pages\/api\/users\/\[id\]\.ts$/m);
});

test('the CLI serves the folder', async () => {
  const bin = join(project, 'node_modules', '.bin', 'next-api-express');
  const env = { ...process.env };
  delete env.PORT;
  delete env.NODE_PATH;
  const child = spawn(process.execPath, [bin, 'pages/api', '--port', '0'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Listening on (http:\/\/\S+)\/api/.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
  const res = await request(url).get('/api/users/42');
  expect([res.status, res.body]).toEqual([200, { id: '42' }]);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
