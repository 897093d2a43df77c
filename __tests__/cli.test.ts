// The `next-api-express` CLI (issue "CLI"): the real bin, spawned with `node`,
// serving fixture folders on 127.0.0.1 with `--port 0` (the printed URL says
// which port). Every process started here is killed by PID after each test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { apiRoutes } from '../lib';
import { FLAGS, helpText, parseCli, UsageError } from '../lib/cli/args';
import { formatRouteTable, serverUrl } from '../lib/cli/print-routes';
import { eventually } from './helpers/eventually';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'next-api-express.js');
const NEXT_PROJECT_API = '__tests__/fixtures/next-project/src/pages/api';
const ROUTING = '__tests__/fixtures/routing';

// ---------------------------------------------------------------- helpers

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Cli {
  proc: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Resolves with the first match of `pattern` in the stream; rejects (with the output) if the process exits first or the deadline passes. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, deadlineMs?: number): Promise<RegExpMatchArray>;
  /** Waits for the printed URL. */
  url(): Promise<string>;
}

const started: Cli[] = [];
/** Worker PIDs the CLI logged: killed too, in case a test failed before the primary stopped them. */
const otherPids = new Set<number>();
const tempDirs: string[] = [];
const servers: Server[] = [];

const cliEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.PORT;
  return env;
};

function startCli(args: string[], cwd = ROOT): Cli {
  const proc = spawn(process.execPath, [BIN, ...args], { cwd, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exit: Exit | undefined;
  proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => proc.on('close', (code, signal) => resolve((exit = { code, signal }))));
  const cli: Cli = {
    proc,
    pid: proc.pid as number,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(stream, pattern, deadlineMs = 10_000) {
      const end = Date.now() + deadlineMs;
      for (;;) {
        const match = (stream === 'stdout' ? out : err).match(pattern);
        if (match) return match;
        if (exit || Date.now() > end) {
          throw new Error(`no ${pattern} on ${stream} (${exit ? `exited ${JSON.stringify(exit)}` : 'deadline passed'})\n--- stdout\n${out}\n--- stderr\n${err}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async url() {
      return (await cli.waitFor('stdout', /Listening on (http:\/\/127\.0\.0\.1:\d+[^\s]*)/))[1];
    },
  };
  started.push(cli);
  return cli;
}

/** Runs the CLI to its end. */
async function runCli(args: string[], cwd = ROOT): Promise<Exit & { stdout: string; stderr: string }> {
  const cli = startCli(args, cwd);
  const exit = await cli.exited;
  return { ...exit, stdout: cli.stdout(), stderr: cli.stderr() };
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on a fresh connection (no agent, no keep-alive pool). */
function get(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode as number, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}


function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'next-api-express-cli-'));
  tempDirs.push(dir);
  for (const [path, text] of Object.entries(files)) write(dir, path, text);
  return dir;
}

/** Written then renamed, the way editors save. */
function write(dir: string, path: string, text: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, `${path}.tmp`), text);
  renameSync(join(dir, `${path}.tmp`), join(dir, path));
}

afterEach(async () => {
  for (const cli of started.splice(0)) {
    if (cli.proc.exitCode === null && cli.proc.signalCode === null) {
      process.kill(cli.pid, 'SIGKILL');
      await cli.exited;
    }
  }
  for (const pid of otherPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  otherPids.clear();
  for (const server of servers.splice(0)) server.close();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- flags (in-process)

describe('flag parsing', () => {
  test('defaults: port 3000 (or PORT), host 127.0.0.1, base path /api, one process', () => {
    expect(parseCli(['./pages/api'])).toEqual({
      type: 'run',
      options: {
        dir: './pages/api',
        port: 3000,
        host: '127.0.0.1',
        basePath: '/api',
        watch: false,
        workers: undefined,
        routesOnly: false,
        ready: false,
        pageExtensions: undefined,
        trailingSlash: undefined,
        shutdownTimeout: 10_000,
        headersTimeout: 20_000,
        requestTimeout: 60_000,
        keepAliveTimeout: 5_000,
        exitOnUncaught: false,
      },
    });
    expect(parseCli(['x'], { PORT: '8080' })).toMatchObject({ options: { port: 8080 } });
    expect(parseCli(['x', '-p', '9000'], { PORT: '8080' })).toMatchObject({ options: { port: 9000 } });
  });

  test('every flag, long and short', () => {
    const command = parseCli(
      [
        '-p', '0', '-H', '::1', '--base-path', '/v1', '-w', '--workers', '3', '--routes', '--ready', '--page-extensions', 'api.ts, ts', '--trailing-slash', 'ignore',
        '--shutdown-timeout', '250', '--headers-timeout', '1000', '--request-timeout', '2000', '--keep-alive-timeout', '3000', '--exit-on-uncaught', 'dir',
      ],
      {},
    );
    expect(command).toEqual({
      type: 'run',
      options: {
        dir: 'dir',
        port: 0,
        host: '::1',
        basePath: '/v1',
        watch: true,
        workers: 3,
        routesOnly: true,
        ready: true,
        pageExtensions: ['api.ts', 'ts'],
        trailingSlash: 'ignore',
        shutdownTimeout: 250,
        headersTimeout: 1000,
        requestTimeout: 2000,
        keepAliveTimeout: 3000,
        exitOnUncaught: true,
      },
    });
    expect(parseCli(['-h'])).toEqual({ type: 'help' });
    expect(parseCli(['--version'])).toEqual({ type: 'version' });
    expect(parseCli(['x', '--workers', 'auto'])).toMatchObject({ options: { workers: expect.any(Number) } });
  });

  test.each([
    [[], /^missing <dir>/],
    [['a', 'b'], /^one <dir> only/],
    [['x', '--port', '70000'], /^--port must be an integer from 0 to 65535/],
    [['x', '--port', '3.5'], /^--port must be an integer/],
    [['x', '--port'], /^--port needs a value/],
    [['x', '--workers', '0'], /^--workers must be an integer from 1/],
    [['x', '--shutdown-timeout', 'soon'], /^--shutdown-timeout must be an integer/],
    [['x', '--watch=yes'], /^--watch takes no value/],
    [['x', '--prot', '1'], /^unknown option --prot \(did you mean --port\?\)/],
    [['x', '-z'], /^unknown option -z/],
    [['x', '--host', ''], /^--host must not be empty/],
  ])('%j is a one-line UsageError', (argv, message) => {
    let error: unknown;
    try {
      parseCli(argv as string[], {});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('a bad PORT variable is named as such', () => {
    expect(() => parseCli(['x'], { PORT: 'http' })).toThrow(/^PORT \(environment\) must be an integer/);
  });

  test('--help documents every flag', () => {
    const help = helpText();
    for (const flag of FLAGS) {
      expect(help).toContain(`--${flag.long}`);
      if (flag.short) expect(help).toContain(`-${flag.short}, --${flag.long}`);
    }
    expect(help).toContain('<dir>');
    expect(help).toContain('NODE_ENV');
    expect(help).toContain('PORT');
  });
});

describe('route table formatting', () => {
  test('aligned ROUTE / KIND / FILE columns with the base path and cwd-relative files', () => {
    const table = formatRouteTable(
      [
        { route: '/', kind: 'static', file: '/srv/app/pages/api/index.ts' },
        { route: '/users/[id]', kind: 'dynamic', file: '/srv/app/pages/api/users/[id].ts' },
        { route: '/[[...slug]]', kind: 'optional-catch-all', file: '/elsewhere/x.js' },
      ],
      '/api',
      '/srv/app',
    );
    expect(table.split('\n')).toEqual([
      'ROUTE             KIND                FILE',
      '/api              static              pages/api/index.ts',
      '/api/users/[id]   dynamic             pages/api/users/[id].ts',
      '/api/[[...slug]]  optional-catch-all  /elsewhere/x.js',
      '',
    ]);
    expect(formatRouteTable([{ route: '/', kind: 'static', file: '/a/i.js' }], '/', '/a')).toContain('\n/      static  i.js\n');
  });

  test('URLs: IPv6 hosts in brackets, no trailing slash', () => {
    expect(serverUrl('127.0.0.1', 3000, '/api')).toBe('http://127.0.0.1:3000/api');
    expect(serverUrl('::1', 80, '/')).toBe('http://[::1]:80');
  });
});

// ---------------------------------------------------------------- the real bin

describe('one-shot commands', () => {
  test('--help prints every flag on stdout and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const flag of FLAGS) expect(result.stdout).toContain(`--${flag.long}`);
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['-v']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test.each([
    [['--port', 'abc', ROUTING], '--port must be an integer from 0 to 65535 (received "abc")'],
    [['--bogus', ROUTING], 'unknown option --bogus; see --help'],
    [[], 'missing <dir>'],
    [[ROUTING, '--trailing-slash', 'sometimes'], '--trailing-slash must be one of "redirect", "ignore" (received "sometimes")'],
    [[ROUTING, '--base-path', 'api'], '--base-path must be a path starting with "/"'],
    [[ROUTING, '--page-extensions', '.js'], '--page-extensions has an invalid entry ".js"'],
    [['no/such/folder'], 'routes folder'],
  ])('%j exits 1 with one line on stderr', async (args, message) => {
    const result = await runCli(args as string[]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`next-api-express: ${message}`);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('--routes prints the middleware\'s table, in its order, and exits 0', async () => {
    const result = await runCli([ROUTING, '--routes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ROUTE +KIND +FILE$/);
    const expected = apiRoutes(join(ROOT, ROUTING)).routes.map((r) => [r.route === '/' ? '/api' : `/api${r.route}`, r.kind, relative(ROOT, r.file)]);
    expect(lines.slice(1).map((line) => line.split(/ {2,}/))).toEqual(expected);
    expect(result.stdout).toMatch(/^\/api\/users\/\[id\] +dynamic +__tests__\/fixtures\/routing\/users\/\[id\]\.js$/m);
    expect(result.stdout).toMatch(/^\/api\/opt\/\[\[\.\.\.slug\]\] +optional-catch-all +__tests__\/fixtures\/routing\/opt\/\[\[\.\.\.slug\]\]\.js$/m);
    // Columns line up: KIND starts at the same offset on every row.
    const kindColumn = new Set(lines.map((line) => line.search(/ {2}\S/)));
    expect(kindColumn.size).toBe(1);
  });

  test('--routes with --base-path / and another working directory', async () => {
    const result = await runCli(['src/pages/api', '--routes', '--base-path', '/'], join(ROOT, '__tests__/fixtures/next-project'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\/users\/\[id\] +dynamic +src\/pages\/api\/users\/\[id\]\.ts$/m);
    expect(result.stdout).toMatch(/^\/posts +static +src\/pages\/api\/posts\/index\.tsx$/m);
  });

  test('a route conflict exits 1 with Next\'s message and the files, no stack', async () => {
    const dir = tempProject({
      'pages/api/users/[id].js': 'export default (req, res) => res.end()\n',
      'pages/api/users/[name].js': 'export default (req, res) => res.end()\n',
    });
    const result = await runCli(['pages/api'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("next-api-express: You cannot use different slug names for the same dynamic path ('id' !== 'name').");
    expect(result.stderr).toContain(join(dir, 'pages/api/users/[id].js'));
    expect(result.stderr).toContain(join(dir, 'pages/api/users/[name].js'));
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('--ready exits 1 naming every file that fails to load; without it the table prints', async () => {
    const broken = '__tests__/fixtures/broken-project/pages/api';
    const strict = await runCli([broken, '--routes', '--ready']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/^next-api-express: \d+ route files failed to load:$/m);
    expect(strict.stderr).toContain('syntax.js');
    expect(strict.stderr).toContain('database URL not set');
    expect(strict.stderr).not.toMatch(/^\s+at /m);

    const lazy = await runCli([broken, '--routes']);
    expect(lazy.code).toBe(0);
    expect(lazy.stdout).toMatch(/^\/api\/syntax +static/m);
  });
});

describe('serving', () => {
  test('serves a TypeScript project (tsconfig @/ alias) with the middleware\'s behaviour, and prints table and URL', async () => {
    const cli = startCli([NEXT_PROJECT_API, '--port', '0']);
    const url = await cli.url();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(cli.stdout()).toMatch(/^ROUTE +KIND +FILE$/m);
    expect(cli.stdout()).toMatch(/^\/api\/users\/\[id\] +dynamic +__tests__\/fixtures\/next-project\/src\/pages\/api\/users\/\[id\]\.ts$/m);

    const user = await get(`${url}/users/1`);
    expect(user.status).toBe(200);
    expect(JSON.parse(user.body)).toEqual({ user: { id: '1', name: 'Ada', role: 'admin' }, isAdmin: true });
    expect(JSON.parse((await get(`${url}/hello`)).body)).toEqual({ name: 'John Doe' });

    const redirect = await get(`${url}/hello/`);
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/api/hello');

    const missing = await get(`${url}/nope`);
    expect(missing).toMatchObject({ status: 404, body: 'Not Found' });
    expect((await get(url.replace(/\/api$/, '/hello'))).status).toBe(404);
  });

  test('the routing fixture, with --base-path / and --trailing-slash ignore', async () => {
    const cli = startCli([ROUTING, '-p', '0', '--base-path', '/', '--trailing-slash', 'ignore']);
    const url = await cli.url();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse((await get(`${url}/users/me`)).body)).toMatchObject({ file: 'users/me.js' });
    const dynamic = await get(`${url}/users/42/`);
    expect(dynamic.status).toBe(200);
    expect(JSON.parse(dynamic.body)).toMatchObject({ file: 'users/[id].js', query: { id: '42' } });
  });

  test('a port in use exits 1 with one line', async () => {
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const result = await runCli([ROUTING, '--port', String(port)]);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd()).toBe(`next-api-express: port ${port} on 127.0.0.1 is already in use (choose another with --port)`);
  });
});

describe('graceful shutdown', () => {
  /** A handler that stays in flight until the test creates the `release` file. */
  function slowProject(): { dir: string; release: () => void } {
    const dir = mkdtempSync(join(tmpdir(), 'next-api-express-cli-'));
    tempDirs.push(dir);
    const releaseFile = join(dir, 'release');
    write(
      dir,
      'api/slow.js',
      `const { existsSync } = require('node:fs');
module.exports = async function handler(req, res) {
  console.log('slow: started');
  const giveUp = Date.now() + 15000;
  while (!existsSync(${JSON.stringify(releaseFile)}) && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 20));
  res.json({ finished: true });
};
`,
    );
    write(dir, 'api/hang.js', "module.exports = () => { console.log('hang: started'); return new Promise(() => {}); };\n");
    return { dir, release: () => writeFileSync(releaseFile, '') };
  }

  test('SIGTERM stops accepting connections and lets the in-flight request finish; exit 0', async () => {
    const { dir, release } = slowProject();
    const cli = startCli(['api', '--port', '0'], dir);
    const url = await cli.url();
    const inFlight = get(`${url}/slow`);
    inFlight.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    await cli.waitFor('stdout', /slow: started/);

    process.kill(cli.pid, 'SIGTERM');
    await cli.waitFor('stderr', /SIGTERM: stopping; 1 request in flight/);
    // The listening socket is closed: new connections are refused...
    await expect(get(`${url}/slow`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // ...while the request that was running still gets its whole response.
    release();
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ finished: true });
    expect(reply.headers.connection).toBe('close');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  test('--shutdown-timeout cuts off requests that do not finish; exit 1', async () => {
    const { dir } = slowProject();
    const cli = startCli(['api', '--port', '0', '--shutdown-timeout', '100'], dir);
    const url = await cli.url();
    const hung = get(`${url}/hang`).then(() => 'answered', (err: NodeJS.ErrnoException) => err.code);
    await cli.waitFor('stdout', /hang: started/);
    process.kill(cli.pid, 'SIGTERM');
    expect(await hung).toBe('ECONNRESET');
    expect(await cli.exited).toEqual({ code: 1, signal: null });
    expect(cli.stderr()).toContain('SIGTERM: stopping; 1 request in flight (allowed up to 100ms)');
    expect(cli.stderr()).toContain('cut off 1 request still running after 100ms');
  });

  test('a second signal exits at once', async () => {
    const { dir } = slowProject();
    const cli = startCli(['api', '--port', '0', '--shutdown-timeout', '600000'], dir);
    const url = await cli.url();
    // Settled into a value now, so its rejection is never unhandled while the test awaits the exit.
    const inFlight = get(`${url}/slow`).then(() => 'answered', (err: NodeJS.ErrnoException) => err.code);
    await cli.waitFor('stdout', /slow: started/);
    process.kill(cli.pid, 'SIGTERM');
    await cli.waitFor('stderr', /SIGTERM: stopping; 1 request in flight/);
    process.kill(cli.pid, 'SIGINT');
    expect(await cli.exited).toEqual({ code: 1, signal: null });
    expect(cli.stderr()).toContain('SIGINT again: exiting now');
    expect(await inFlight).toBe('ECONNRESET');
  });
});

describe('--workers', () => {
  test('N workers share the port; a killed worker is restarted; SIGTERM stops them all', async () => {
    const dir = tempProject({ 'api/pid.js': 'module.exports = (req, res) => res.json({ pid: process.pid });\n' });
    const cli = startCli(['api', '--port', '0', '--workers', '2'], dir);
    const url = await cli.url();
    expect(cli.stdout()).toContain('with 2 workers');
    expect(cli.stdout().match(/^ROUTE/gm)).toHaveLength(1); // the primary prints the table once

    const listening = (): number[] => [...cli.stderr().matchAll(/worker (\d+) listening/g)].map((m) => Number(m[1]));
    await eventually(async () => expect(listening()).toHaveLength(2));
    const [first, second] = listening();
    for (const pid of [first, second]) otherPids.add(pid);
    expect(first).not.toBe(cli.pid);

    // Both workers answer (round-robin on Linux; polled, not assumed).
    const seen = new Set<number>();
    await eventually(async () => {
      seen.add((JSON.parse((await get(`${url}/pid`)).body) as { pid: number }).pid);
      expect(seen).toEqual(new Set([first, second]));
    });

    process.kill(first, 'SIGKILL');
    await cli.waitFor('stderr', new RegExp(`worker ${first} died \\(signal SIGKILL\\); restarting it in \\d+ms`));
    await eventually(async () => expect(listening()).toHaveLength(3));
    const replacement = listening()[2];
    otherPids.add(replacement);
    expect([first, second]).not.toContain(replacement);

    // The port kept being served, and the replacement serves on it.
    await eventually(async () => {
      const { pid } = JSON.parse((await get(`${url}/pid`)).body) as { pid: number };
      expect(pid).toBe(replacement);
    });

    process.kill(cli.pid, 'SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).toContain(`worker ${second} stopped (code 0)`);
    expect(cli.stderr()).toContain(`worker ${replacement} stopped (code 0)`);
    for (const pid of [second, replacement]) await eventually(async () => expect(isAlive(pid)).toBe(false));
  }, 30_000);

  test('workers share one set of preview keys: a draft cookie from one is valid on another', async () => {
    const dir = tempProject({
      'api/draft.js': 'module.exports = (req, res) => { if (req.query.on) res.setDraftMode({ enable: true }); res.json({ pid: process.pid, draftMode: req.draftMode === true }); };\n',
    });
    const cli = startCli(['api', '--port', '0', '--workers', '2'], dir);
    const url = await cli.url();
    for (const m of cli.stderr().matchAll(/worker (\d+) listening/g)) otherPids.add(Number(m[1]));
    const on = await get(`${url}/draft?on=1`);
    const setter = (JSON.parse(on.body) as { pid: number }).pid;
    const cookie = String(on.headers['set-cookie']?.[0]).split(';')[0];
    expect(cookie).toMatch(/^__prerender_bypass=[0-9a-f]{32}$/);
    await eventually(async () => {
      const reply = JSON.parse((await get(`${url}/draft`, { cookie })).body) as { pid: number; draftMode: boolean };
      otherPids.add(reply.pid);
      expect(reply.draftMode).toBe(true);
      expect(reply.pid).not.toBe(setter);
    });
    process.kill(cli.pid, 'SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  }, 30_000);

  test('workers that cannot listen stop the primary with exit 1 (no restart loop)', async () => {
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const dir = tempProject({ 'api/pid.js': 'module.exports = (req, res) => res.json({ pid: process.pid });\n' });
    const cli = startCli(['api', '--port', String(port), '--workers', '2'], dir);
    const exit = await cli.exited;
    for (const m of cli.stderr().matchAll(/worker (\d+) started/g)) otherPids.add(Number(m[1]));
    expect(exit.code).toBe(1);
    expect(cli.stderr()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(cli.stderr()).toMatch(/could not start; stopping/);
    expect(cli.stderr()).not.toMatch(/restarting/);
  }, 30_000);
});

describe('--watch', () => {
  test('an edited handler and a new file are served without a restart; the table is printed again', async () => {
    const dir = tempProject({ 'api/hello.ts': "export default function handler(req: any, res: any) { res.send('one'); }\n" });
    const cli = startCli(['api', '--port', '0', '--watch'], dir);
    const url = await cli.url();
    expect(cli.stdout()).toContain('(watching for changes)');
    expect((await get(`${url}/hello`)).body).toBe('one');

    write(dir, 'api/hello.ts', "export default function handler(req: any, res: any) { res.send('two'); }\n");
    await eventually(async () => expect((await get(`${url}/hello`)).body).toBe('two'));

    write(dir, 'api/items/[id].js', 'export default (req, res) => res.json({ id: req.query.id });\n');
    await eventually(async () => expect((await get(`${url}/items/7`)).body).toBe('{"id":"7"}'));
    await cli.waitFor('stdout', /Routes changed:\nROUTE +KIND +FILE\n\/api\/hello +static +api\/hello\.ts\n\/api\/items\/\[id\] +dynamic +api\/items\/\[id\]\.js\n/);

    process.kill(cli.pid, 'SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });
});
