'use strict';
// Child processes of the benchmark: every one is tracked by PID and ended on
// exit, error or SIGINT; temporary folders are removed on exit (kept when a
// run failed and they hold server logs).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { fork, spawn, spawnSync } = require('node:child_process');

const SERVER = path.join(__dirname, '..', 'server.js');
const CHILD_ENV = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };

const children = new Set();
const tmpDirs = [];
/** Kept when something failed, so the server logs they hold can be read. */
const keepTmp = new Set();

function track(child, group) {
  const entry = { child, group };
  children.add(entry);
  child.once('exit', () => children.delete(entry));
  return entry;
}

const exited = (child) => child.exitCode !== null || child.signalCode !== null;

function killEntry(entry, signal) {
  const { child, group } = entry;
  if (exited(child)) return;
  try {
    // `group`: `next start` runs detached, in a process group of its own whose id is its PID.
    if (group) process.kill(-child.pid, signal);
    else process.kill(child.pid, signal);
  } catch {
    /* already gone */
  }
}

async function stop(entry) {
  if (exited(entry.child)) return;
  const done = new Promise((resolve) => entry.child.once('exit', resolve));
  killEntry(entry, 'SIGTERM');
  const timer = setTimeout(() => killEntry(entry, 'SIGKILL'), 3000);
  await done;
  clearTimeout(timer);
}

/** Ends a bench/server.js child by closing its IPC channel: it exits normally (so `--cpu-prof` writes its file). */
async function finish(entry, timeoutMs = 30_000) {
  if (exited(entry.child)) return;
  const done = new Promise((resolve) => entry.child.once('exit', resolve));
  entry.child.disconnect();
  const timer = setTimeout(() => killEntry(entry, 'SIGKILL'), timeoutMs);
  await done;
  clearTimeout(timer);
}

async function stopAll() {
  await Promise.all([...children].map(stop));
}

process.on('exit', () => {
  for (const entry of children) killEntry(entry, 'SIGKILL');
  for (const dir of tmpDirs) if (!keepTmp.has(dir)) fs.rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping ${children.size} server process(es)`);
    for (const entry of children) killEntry(entry, 'SIGKILL');
    process.exit(130);
  });
}

function makeTmpDir(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `next-api-express-bench-${name}-`));
  tmpDirs.push(dir);
  return dir;
}

/** Keeps the log folders of a failed run (named `*-logs-*`) and says where they are. */
function keepLogs() {
  for (const dir of tmpDirs) {
    if (dir.includes('-logs-') && fs.existsSync(dir) && fs.readdirSync(dir).length) {
      keepTmp.add(dir);
      console.error(`bench: server logs kept in ${dir}`);
    }
  }
}

/**
 * Forks bench/server.js; resolves with { entry, message, port } once it sends
 * `waitFor` ('ready' for servers, 'construct' / 'loaded' for the start-up kinds).
 * `entry.stats()` reads its CPU time and RSS, `entry.mark()` its monotonic clock.
 */
function forkServer(kind, dir, { waitFor = 'ready', env = {}, execArgv = [] } = {}) {
  const child = fork(SERVER, dir ? [kind, dir] : [kind], {
    env: { ...CHILD_ENV, ...env },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const entry = track(child);
  let nextId = 0;
  const pending = new Map();
  child.on('message', (m) => {
    if (m && (m.type === 'stats' || m.type === 'mark') && pending.has(m.id)) {
      pending.get(m.id)(m);
      pending.delete(m.id);
    }
  });
  const ask = (type) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, resolve);
      child.send({ type, id }, (err) => err && reject(err));
    });
  entry.stats = async () => {
    const m = await ask('stats');
    return { rss: m.rss, cpuMicros: m.cpu.user + m.cpu.system };
  };
  entry.mark = async () => (await ask('mark')).micros;
  return new Promise((resolve, reject) => {
    const onExit = (code, signal) => reject(new Error(`bench/server.js ${kind} exited before it was ${waitFor} (code ${code}, signal ${signal})`));
    child.once('exit', onExit);
    child.on('message', (m) => {
      if (m && m.type === waitFor) {
        child.off('exit', onExit);
        resolve({ entry, message: m, port: m.port });
      }
    });
  });
}

// --- `next start`, measured through /proc since it speaks no IPC -----------

const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout);
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** PIDs of `pid` and all its descendants. */
function processTree(pid) {
  const parentOf = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(name), Number(fields[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  return tree;
}

function procStats(pid) {
  let rss = 0;
  let cpuMicros = 0;
  const tree = processTree(pid);
  for (const p of tree) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime: fields 14 and 15 of stat(5), counted from 1 with pid and comm removed.
      cpuMicros += ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1e6;
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      if (m) rss += Number(m[1]) * 1024;
    } catch {
      /* exited meanwhile */
    }
  }
  return { rss, cpuMicros, processes: tree.length };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `next start` in `cwd` (a built Next project), answered once `probe(port)` resolves true. */
async function startNext({ cwd, nextBin, logFile, probe }) {
  const port = await freePort();
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd,
    env: CHILD_ENV,
    stdio: ['ignore', log, log],
    detached: true, // its own process group, so stopping it by PID stops any worker it forks
  });
  fs.closeSync(log);
  const entry = track(child, true);
  entry.stats = async () => procStats(child.pid);
  const t0 = Date.now();
  while (Date.now() - t0 < 60_000) {
    if (child.exitCode !== null) throw new Error(`next start exited early (code ${child.exitCode}); see ${logFile}`);
    if (await probe(port).catch(() => false)) return { entry, port };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`next start did not answer within 60 s; see ${logFile}`);
}

module.exports = { CHILD_ENV, forkServer, stop, finish, stopAll, makeTmpDir, keepLogs, startNext };
