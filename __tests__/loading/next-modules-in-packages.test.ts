// `next/server`, `next/headers`, `next/navigation` and `next/cache` required
// by packages a route imports get this package's modules (README "next/*
// modules", docs/design.md "next/* in packages"): the shapes of next-auth v4's
// App Router handler (CommonJS, requiring next/headers inside the handler and
// next/server at import) and @contentful/vercel-nextjs-toolkit (an `exports`
// map with `import` and `require` conditions), written into a temporary
// node_modules — with no `next` installed, and beside a `next` package whose
// modules throw when loaded, so that only ours can answer.
//
// Each server is the built package in a plain `node` process
// (support/serve-project-dist.js): under jest, packages are loaded by jest's
// module registry, not by Node's `require`, which is what the hook wraps.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { removeDir, tempDir } from '../support';

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** next-auth v4's shape: `NextAuth(options)` is the App Router handler; next/headers is required when it runs. */
const FAKE_AUTH = {
  'node_modules/fake-auth/package.json': JSON.stringify({ name: 'fake-auth', version: '1.0.0', main: 'index.js' }),
  'node_modules/fake-auth/index.js': `'use strict';
const { NextResponse } = require('next/server');

function NextAuth(options) {
  return async function handler(request, context) {
    const { cookies, headers } = require('next/headers');
    const { nextauth } = await context.params;
    const jar = await cookies();
    if (request.method === 'POST') {
      jar.set('session', 'signed-in:' + options.provider, { httpOnly: true, path: '/' });
      return NextResponse.json({ signedIn: true });
    }
    const agent = (await headers()).get('user-agent');
    return NextResponse.json({ action: nextauth, session: jar.get('session')?.value ?? null, agent });
  };
}

module.exports = NextAuth;
module.exports.serverModule = () => require('next/server.js');
module.exports.jsonType = () => NextResponse.json({}).headers.get('content-type');
`,
};

/** @contentful/vercel-nextjs-toolkit's shape: ESM and CommonJS builds behind an `exports` map. */
const FAKE_TOOLKIT = {
  'node_modules/fake-toolkit/package.json': JSON.stringify({
    name: 'fake-toolkit',
    version: '1.0.0',
    exports: { '.': { import: './dist/esm/index.mjs', require: './dist/cjs/index.cjs' } },
  }),
  'node_modules/fake-toolkit/dist/esm/index.mjs': `throw new Error('the import condition is not what require() picks');\n`,
  'node_modules/fake-toolkit/dist/cjs/index.cjs': `'use strict';
const { draftMode } = require('next/headers.js');
const { redirect } = require('next/navigation');
const { revalidatePath } = require('next/cache');

exports.enableDraftHandler = async function enableDraftHandler(request) {
  (await draftMode()).enable();
  revalidatePath('/blog');
  redirect(new URL(request.url).searchParams.get('path') ?? '/');
};
`,
};

/** A `next` that must never answer: each of its public modules throws when loaded. */
const THROWING_NEXT = {
  'node_modules/next/package.json': JSON.stringify({ name: 'next', version: '16.4.6', main: 'index.js' }),
  ...Object.fromEntries(
    ['server', 'headers', 'navigation', 'cache'].map((name) => [`node_modules/next/${name}.js`, `throw new Error('the real next/${name} was loaded');\n`]),
  ),
  // Next's own files keep Next's modules.
  'node_modules/next/index.js': `try { require('next/headers'); exports.own = 'ours'; } catch (err) { exports.own = err.message; }\n`,
};

const ROUTES = {
  'package.json': JSON.stringify({ name: 'fake-app', private: true }),
  'app/api/auth/[...nextauth]/route.ts': `import NextAuth from 'fake-auth';

const handler = NextAuth({ provider: 'github' });
export { handler as GET, handler as POST };
`,
  'app/api/draft/route.ts': `export { enableDraftHandler as GET } from 'fake-toolkit';\n`,
  'pages/api/package.ts': `import type { NextApiRequest, NextApiResponse } from 'next';
import NextAuth, { jsonType, serverModule } from 'fake-auth';
import * as server from 'next/server';

export default function handler(_req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json({ sameModule: serverModule() === server, jsonType: jsonType(), factory: typeof NextAuth });
}
`,
};

function project(withNext: boolean): string {
  const dir = tempDir(withNext ? 'pkg-next-real' : 'pkg-next-none');
  write(dir, { ...ROUTES, ...FAKE_AUTH, ...FAKE_TOOLKIT, ...(withNext ? THROWING_NEXT : {}) });
  if (withNext) write(dir, { 'pages/api/next-own.ts': `import { own } from 'next';\nexport default function h(_req: unknown, res: { json(v: unknown): void }) { res.json({ own }); }\n` });
  return dir;
}

const PREVIEW_MODE_ID = 'test-preview-mode-id-0001'; // serve-project-dist.js's

interface DistServers {
  /** The same mount on Express 5 and on `node:http`. */
  base: { express: string; node: string };
  report: { wrapped: boolean; once: boolean; restored: boolean };
  /** What the library logged so far. */
  log(): string;
  stop(): void;
}

/** `projectRoutes(dir)` of the built package on Express 5 and `node:http`, in its own `node` process. */
async function serveDist(dir: string, mode = ''): Promise<DistServers> {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm test`, which builds first');
  const child = spawn(process.execPath, [join(__dirname, '..', 'support', 'serve-project-dist.js'), dir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve-project-dist.js exited with ${code}: ${log}`)));
  });
  const { express, node, ...report } = JSON.parse(first) as { express: number; node: number } & DistServers['report'];
  return {
    base: { express: `http://127.0.0.1:${express}`, node: `http://127.0.0.1:${node}` },
    report,
    log: () => log,
    stop: () => child.kill('SIGTERM'),
  };
}

describe.each([
  ['no next installed', false],
  ['a next package whose modules throw', true],
])('next/* from packages in node_modules, %s (docs/design.md "next/* in packages")', (_label, withNext) => {
  const dir = project(withNext);
  let servers: DistServers;
  beforeAll(async () => {
    servers = await serveDist(dir);
  });
  afterAll(() => {
    servers.stop();
    removeDir(dir);
  });

  test('Module._load was wrapped once, by the first mount', () => {
    expect(servers.report).toEqual({ wrapped: true, once: true, restored: false });
  });

  describe.each([
    ['Express 5', 'express'],
    ['node:http', 'node'],
  ] as const)('%s', (_host, host) => {
    const base = (): string => servers.base[host];

    test("next-auth's App Router handler: next/headers cookies() and headers() in the request's scope, NextResponse from next/server", async () => {
      const signIn = await request(base()).post('/api/auth/signin/github');
      expect(signIn.status).toBe(200);
      expect(signIn.body).toEqual({ signedIn: true });
      expect(signIn.headers['set-cookie']).toEqual(['session=signed-in%3Agithub; Path=/; HttpOnly']);

      const session = await request(base()).get('/api/auth/session').set('Cookie', 'session=signed-in:github').set('User-Agent', 'probe/1');
      expect(session.status).toBe(200);
      expect(session.body).toEqual({ action: ['session'], session: 'signed-in:github', agent: 'probe/1' });
    });

    test('a package behind an exports map (require condition): draftMode(), revalidatePath() and redirect() from next/headers.js, next/cache, next/navigation', async () => {
      const res = await request(base()).get('/api/draft?path=/blog/post-1');
      expect(res.status).toBe(307);
      expect(res.headers.location).toBe('/blog/post-1');
      expect(res.headers['set-cookie']).toEqual([`__prerender_bypass=${PREVIEW_MODE_ID}; Path=/; Secure; HttpOnly; SameSite=none`]);
    });

    test('a pages/api route: the package gets the very module the route imports', async () => {
      const res = await request(base()).get('/api/package');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ sameModule: true, jsonType: 'application/json', factory: 'function' });
    });

    if (withNext) {
      test("the next package's own files still get its own modules", async () => {
        const res = await request(base()).get('/api/next-own');
        expect(res.body).toEqual({ own: 'the real next/headers was loaded' });
      });
    }

    test('nothing was logged', () => {
      expect(servers.log()).toBe('');
    });
  });
});

test('restorePackageRequires() puts Node\'s Module._load back: the package then gets the installed next (loading/package-requires.ts)', async () => {
  const dir = project(true);
  const servers = await serveDist(dir, 'restored');
  try {
    expect(servers.report.restored).toBe(true);
    const res = await request(servers.base.node).get('/api/auth/session');
    expect(res.status).toBe(500);
    expect(servers.log()).toContain('Error: the real next/server was loaded');
  } finally {
    servers.stop();
    removeDir(dir);
  }
});

test('testRoute() gives packages the same next/* modules as a mount, with no folder mounted (plain node, next installed and throwing)', () => {
  const dir = project(true);
  try {
    const testing = join(__dirname, '..', '..', 'dist', 'testing.js');
    // The package is first required when the handler runs, as next-auth's App Router code does.
    const script = `
      const http = require('node:http');
      const { testRoute } = require(${JSON.stringify(testing)});
      const handler = (request, context) => require('fake-auth')({ provider: 'github' })(request, context);
      const app = testRoute({ GET: handler }, { route: '/api/auth/[...nextauth]', logger: false });
      const server = http.createServer(app).listen(0, '127.0.0.1', () => {
        http.get({ host: '127.0.0.1', port: server.address().port, path: '/api/auth/session', headers: { 'user-agent': 'probe' } }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => { process.stdout.write(JSON.stringify({ status: res.statusCode, body, errors: app.errors.map(String) })); server.close(); });
        });
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' })) as { status: number; body: string; errors: string[] };
    expect(out).toEqual({ status: 200, body: JSON.stringify({ action: ['session'], session: null, agent: 'probe' }), errors: [] });
  } finally {
    removeDir(dir);
  }
});
