/**
 * The attack suite's servers (__tests__/attacks): real child processes
 * (serve-attack.js, which mounts the built package on Express 5 and node:http),
 * so that what an attack does to a server — a crash, a leak, a busy event
 * loop — happens outside jest and can be measured: liveness, open file
 * descriptors (`/proc/<pid>/fd`), RSS, heap, CPU time, bytes read from client
 * sockets, PBKDF2 calls, and counters the fixture routes keep.
 *
 * `attackServers()` is called at the top of a test file; every server it
 * started is killed by PID after the file's tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT } from './cli';

export const ATTACK_API = join(REPO_ROOT, '__tests__', 'fixtures', 'attacks', 'pages', 'api');
const SCRIPT = join(__dirname, 'serve-attack.js');

export type AttackHost = 'express' | 'node';
export const ATTACK_HOSTS: AttackHost[] = ['express', 'node'];

export interface ServerStats {
  rss: number;
  heapUsed: number;
  cpuMs: number;
  bytesRead: number;
  openSockets: number;
  pbkdf2Calls: number;
  counters: Record<string, number>;
}

export interface AttackServerConfig {
  hosts?: AttackHost[];
  dir?: string;
  logger?: 'stderr' | 'throw' | 'reject';
  /** More apiRoutes() options (JSON only). */
  options?: Record<string, unknown>;
  /** express.json() before the folder (Express only). */
  upstreamJson?: boolean;
  /** A sparse 64 MiB file whose path routes read from ATTACK_BIG_FILE. */
  bigFile?: boolean;
}

export interface AttackServer {
  pid: number;
  port: Record<AttackHost, number>;
  /** Everything the server wrote on stderr (its log) so far. */
  stderr(): string;
  running(): boolean;
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  stats(): Promise<ServerStats>;
  /** Two full garbage collections first, then the stats. */
  statsAfterGc(): Promise<ServerStats>;
  /** Open file descriptors of the process. */
  fds(): number;
  /** Running, and answers `GET /api/echo` with 200 on every host it serves. */
  alive(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface AttackServers {
  start(config?: AttackServerConfig): Promise<AttackServer>;
}

/** One GET on a fresh connection that gives up after `timeoutMs` (a stalled server must not stall the test). */
export function getWithin(port: number, path: string, timeoutMs = 2000): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in ${timeoutMs}ms`)));
    req.on('error', reject);
  });
}

/** Polls until `check` is true or the deadline passes; returns the last answer. Decides nothing by time. */
export async function waitUntil(check: () => boolean | Promise<boolean>, deadlineMs = 3000, everyMs = 25): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function startAttackServer(config: AttackServerConfig): Promise<AttackServer> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm test`, which builds first');
  const hosts = config.hosts ?? ATTACK_HOSTS;
  const proc: ChildProcess = spawn(process.execPath, ['--expose-gc', SCRIPT, JSON.stringify({ dir: ATTACK_API, ...config, hosts })], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let err = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) =>
    proc.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  proc.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (exit) return;
    proc.kill('SIGKILL');
    await exited;
  };
  let port: Record<AttackHost, number>;
  try {
    port = await new Promise<Record<AttackHost, number>>((resolve, reject) => {
      let out = '';
      proc.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as Record<AttackHost, number>);
      });
      void exited.then(() => reject(new Error(`attack server exited at start (${JSON.stringify(exit)}):\n${err}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }

  let nextId = 0;
  const ask = (cmd: 'stats' | 'gc'): Promise<ServerStats> =>
    new Promise((resolve, reject) => {
      if (exit || !proc.connected) return reject(new Error(`attack server is not running (${JSON.stringify(exit)}):\n${err}`));
      const id = ++nextId;
      const onMessage = (message: { id: number; stats: ServerStats }): void => {
        if (message.id !== id) return;
        proc.off('message', onMessage);
        resolve(message.stats);
      };
      proc.on('message', onMessage);
      proc.send({ id, cmd });
    });

  return {
    pid: proc.pid as number,
    port,
    stderr: () => err,
    running: () => exit === undefined,
    exit: () => exit,
    stats: () => ask('stats'),
    statsAfterGc: () => ask('gc'),
    fds: () => readdirSync(`/proc/${proc.pid}/fd`).length,
    async alive() {
      if (exit) return false;
      for (const host of hosts) {
        const res = await getWithin(port[host], '/api/echo').catch(() => undefined);
        if (res?.status !== 200) return false;
      }
      return exit === undefined;
    },
    stop,
  };
}

/** Call at the top of a test file. */
export function attackServers(): AttackServers {
  const started: AttackServer[] = [];
  afterAll(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  });
  return {
    async start(config = {}) {
      const server = await startAttackServer(config);
      started.push(server);
      return server;
    },
  };
}
