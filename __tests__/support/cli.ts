/**
 * The `next-api-express` CLI as a user runs it: the real bin, spawned with
 * `node`. `cliSession()` hands a test file its helpers and, after each test,
 * kills by PID every process it started (and every worker PID the test
 * reported), closes port blockers and removes temporary projects.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { removeDir, tempDir, writeAsEditorsDo } from './files';

/** The repository root: the CLI's default working directory. */
export const REPO_ROOT = join(__dirname, '..', '..');
const BIN = join(REPO_ROOT, 'bin', 'next-api-express.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Cli {
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

export interface CliSession {
  /** Starts the CLI with `args` in `cwd` (default: the repository root). */
  start(args: string[], cwd?: string): Cli;
  /** Runs the CLI to its end. */
  run(args: string[], cwd?: string): Promise<Exit & { stdout: string; stderr: string }>;
  /** A temporary project made of `files` (path → text). */
  tempProject(files: Record<string, string>): string;
  /** A PID the CLI started (a worker): killed after the test if still alive. */
  track(pid: number): void;
  /** A port on 127.0.0.1 already in use until the test ends. */
  occupiedPort(): Promise<number>;
}

/** The environment without PORT, so the default port is the CLI's own. */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PORT;
  return env;
}

function startCli(args: string[], cwd: string): Cli {
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
  return cli;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Call at the top of a test file. */
export function cliSession(): CliSession {
  const started: Cli[] = [];
  const otherPids = new Set<number>();
  const tempDirs: string[] = [];
  const blockers: Server[] = [];

  afterEach(async () => {
    for (const cli of started.splice(0)) {
      if (cli.proc.exitCode === null && cli.proc.signalCode === null) {
        process.kill(cli.pid, 'SIGKILL');
        await cli.exited;
      }
    }
    for (const pid of otherPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    otherPids.clear();
    for (const server of blockers.splice(0)) server.close();
    for (const dir of tempDirs.splice(0)) removeDir(dir);
  });

  const session: CliSession = {
    start(args, cwd = REPO_ROOT) {
      const cli = startCli(args, cwd);
      started.push(cli);
      return cli;
    },
    async run(args, cwd = REPO_ROOT) {
      const cli = session.start(args, cwd);
      const exit = await cli.exited;
      return { ...exit, stdout: cli.stdout(), stderr: cli.stderr() };
    },
    tempProject(files) {
      const dir = tempDir('cli');
      tempDirs.push(dir);
      for (const [path, text] of Object.entries(files)) writeAsEditorsDo(dir, path, text);
      return dir;
    },
    track(pid) {
      otherPids.add(pid);
    },
    async occupiedPort() {
      const blocker = createServer();
      blockers.push(blocker);
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      return (blocker.address() as { port: number }).port;
    },
  };
  return session;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One GET on a fresh connection (no agent, no keep-alive pool): what a separate client process would do. */
export function getUrl(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
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
