#!/usr/bin/env node
'use strict';
// `npm run bench` (= `npm run build && node bench/run.js`): throughput, latency,
// CPU and memory of next-api-express next to its baselines, as one printed table.
//
// docs/design.md "Rules that keep it fast": the middleware must cost about the same as a
// hand-written Express route doing the same work and, on plain node:http, come
// close to a bare http server. That is measured here, never asserted by a timed
// test. Machines are shared and noisy, so every number that matters is a ratio
// measured side by side in the same run:
//
//  - each server runs in its own child process (bench/server.js, or `next start`);
//    the load generator (autocannon) runs in this process;
//  - rounds interleave the scenarios (A B A B ..., the order of each pair flipped
//    every other round) so that noise hits all of them alike;
//  - ratios are computed per round, between neighbours in time, and the median
//    over rounds is printed; absolute numbers are medians too.
//
// Usage: node bench/run.js [--quick] [--duration=S] [--rounds=N] [--connections=N]
//                          [--warmup=S] [--only=TEXT] [--no-next] [--no-startup] [--help]

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const net = require('node:net');
const { fork, spawn, spawnSync } = require('node:child_process');
const { performance } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '..');
const SERVER = path.join(__dirname, 'server.js');
const FIXTURES = path.join(__dirname, 'fixtures', 'pages', 'api');
const GOLDEN = path.join(ROOT, '.next-golden');
const NEXT_BIN = path.join(GOLDEN, 'node_modules', 'next', 'dist', 'bin', 'next');
const CONFORMANCE_API = path.join(ROOT, 'conformance', 'fixtures', 'pages', 'api');

// ---------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = { quick: false, duration: undefined, rounds: undefined, connections: 50, warmup: undefined, only: [], next: true, startup: true };
  for (const arg of argv) {
    const [key, value] = arg.split(/=(.*)/s, 2);
    const num = () => {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) fail(`${key} needs a positive number (got ${JSON.stringify(value)})`);
      return n;
    };
    switch (key) {
      case '--quick': opts.quick = true; break;
      case '--duration': opts.duration = num(); break;
      case '--rounds': opts.rounds = Math.round(num()); break;
      case '--connections': opts.connections = Math.round(num()); break;
      case '--warmup': opts.warmup = num(); break;
      case '--only': opts.only.push(value); break;
      case '--no-next': opts.next = false; break;
      case '--no-startup': opts.startup = false; break;
      case '--help': case '-h':
        console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 20).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
        process.exit(0);
        break;
      default: fail(`unknown argument ${arg} (try --help)`);
    }
  }
  opts.duration ??= opts.quick ? 1 : 5;
  opts.rounds ??= opts.quick ? 1 : 3;
  opts.warmup ??= opts.quick ? 0.5 : 1;
  opts.startupReps = opts.quick ? 1 : 5;
  opts.constructReps = opts.quick ? 1 : 3;
  return opts;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

let autocannon;
try {
  autocannon = require('autocannon');
} catch {
  fail('autocannon is not installed: npm install --save-dev --save-exact autocannon');
}
if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js'))) fail('dist/ is missing: run `npm run build` first (npm run bench does)');

// ---------------------------------------------------------------------------
// Child processes: every one is tracked by PID and ended on exit, error or SIGINT.

const children = new Set();

function track(child, group) {
  const entry = { child, group };
  children.add(entry);
  child.once('exit', () => children.delete(entry));
  return entry;
}

function killEntry(entry, signal) {
  const { child, group } = entry;
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    // `group`: `next start` runs detached, in a process group of its own whose id is its PID.
    if (group) process.kill(-child.pid, signal);
    else process.kill(child.pid, signal);
  } catch {
    /* already gone */
  }
}

async function stop(entry) {
  if (entry.child.exitCode !== null || entry.child.signalCode !== null) return;
  const exited = new Promise((resolve) => entry.child.once('exit', resolve));
  killEntry(entry, 'SIGTERM');
  const timer = setTimeout(() => killEntry(entry, 'SIGKILL'), 3000);
  await exited;
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

const tmpDirs = [];
/** Kept when something failed, so the server logs they hold can be read. */
const keepTmp = new Set();
function makeTmpDir(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `next-api-express-bench-${name}-`));
  tmpDirs.push(dir);
  return dir;
}

const CHILD_ENV = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };

/** Forks bench/server.js; resolves with { entry, port } once it listens (or with the construct report). */
function forkServer(kind, dir, waitFor = 'ready') {
  const child = fork(SERVER, dir ? [kind, dir] : [kind], { env: CHILD_ENV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const entry = track(child);
  let nextId = 0;
  const pending = new Map();
  child.on('message', (m) => {
    if (m && m.type === 'stats' && pending.has(m.id)) {
      pending.get(m.id)(m);
      pending.delete(m.id);
    }
  });
  entry.stats = () =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (m) => resolve({ rss: m.rss, cpuMicros: m.cpu.user + m.cpu.system }));
      child.send({ type: 'stats', id }, (err) => err && reject(err));
    });
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

async function startNext(probePath, logFile) {
  const port = await freePort();
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: GOLDEN,
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
    const r = await get(port, { path: probePath }).catch(() => null);
    if (r && r.status === 200) return { entry, port };
    await sleep(100);
  }
  throw new Error(`next start did not answer within 60 s; see ${logFile}`);
}

// ---------------------------------------------------------------------------
// HTTP helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One status line, rewritten in place on a terminal; silent in logs (CI). */
function progress(text) {
  if (process.stdout.isTTY) process.stdout.write(`\r${text.padEnd(60)}\r`);
}

function get(port, { path: p, method = 'GET', body, headers = {} }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout on ${p}`)));
    req.end(body);
  });
}

// ---------------------------------------------------------------------------
// Scenarios

/** ~1 KB of JSON, the body of the POST pair. */
const POST_BODY = JSON.stringify({
  items: Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `User ${i + 1}`, email: `user${i + 1}@example.com`, active: i % 2 === 0 })),
  meta: { page: 1, total: 12, requestId: '3f0c3c7e-6d1f-4a8b-9a2e-7d9a5b1c2e4f' },
});

const HELLO = { path: '/api/hello', check: (b) => JSON.parse(b).name === 'John Doe' };
const DYNAMIC = { path: '/api/users/42?x=1', check: (b) => { const q = JSON.parse(b); return q.id === '42' && q.x === '1'; } };
const POST = {
  path: '/api/echo-body',
  method: 'POST',
  body: POST_BODY,
  headers: { 'content-type': 'application/json' },
  check: (b) => JSON.parse(b).count === 12,
};
const NEXT_STATIC = { path: '/api/users/me', check: (b) => JSON.parse(b).route === 'users/me' };
const NEXT_DYNAMIC = { path: '/api/users/42?x=1', check: (b) => { const j = JSON.parse(b); return j.route === 'users/[id]' && j.query.id === '42'; } };

/**
 * Groups are measured next to each other; the first scenario of a group is the
 * baseline of the others. `server` is a bench/server.js kind, or 'next'.
 */
function scenarioGroups(opts) {
  const groups = [
    {
      title: 'node:http',
      scenarios: [
        { id: 'bare', label: 'node:http bare, res.end(JSON)       GET /api/hello', short: 'bare http', server: 'bare', req: HELLO },
        { id: 'node-static', label: 'node:http + apiRoutes  static      GET /api/hello', server: 'node-api', req: HELLO },
        { id: 'node-dynamic', label: 'node:http + apiRoutes  dynamic .ts  GET /api/users/42?x=1', server: 'node-api', req: DYNAMIC },
      ],
    },
    {
      title: 'Express 5, static',
      scenarios: [
        { id: 'ex-static-hand', label: 'Express 5 app.get() hand-written    GET /api/hello', short: 'Express route', server: 'express-hand', req: HELLO },
        { id: 'ex-static-api', label: "Express 5 + app.use('/api', apiRoutes) GET /api/hello", server: 'express-api', req: HELLO },
      ],
    },
    {
      title: 'Express 5, dynamic',
      scenarios: [
        { id: 'ex-dyn-hand', label: "Express 5 app.get('/api/users/:id')  GET /api/users/42?x=1", short: 'Express route', server: 'express-hand', req: DYNAMIC },
        { id: 'ex-dyn-api', label: 'Express 5 + apiRoutes  users/[id].ts GET /api/users/42?x=1', server: 'express-api', req: DYNAMIC },
      ],
    },
    {
      title: 'Express 5, POST 1 KB JSON',
      scenarios: [
        { id: 'ex-post-hand', label: `Express 5 express.json() + route    POST ${POST_BODY.length} B JSON`, short: 'express.json()', server: 'express-hand', req: POST },
        { id: 'ex-post-api', label: `Express 5 + apiRoutes (lib parses)  POST ${POST_BODY.length} B JSON`, server: 'express-api', req: POST },
      ],
    },
  ];
  if (opts.next) {
    groups.push(
      {
        title: 'next start, static',
        next: true,
        scenarios: [
          { id: 'next-static', label: 'next start (16.4.6)                 GET /api/users/me', short: 'next start', server: 'next', req: NEXT_STATIC },
          { id: 'next-static-api', label: 'node:http + apiRoutes, same folder  GET /api/users/me', server: 'node-api', dir: CONFORMANCE_API, req: NEXT_STATIC },
        ],
      },
      {
        title: 'next start, dynamic',
        next: true,
        scenarios: [
          { id: 'next-dyn', label: 'next start (16.4.6)                 GET /api/users/42?x=1', short: 'next start', server: 'next', req: NEXT_DYNAMIC },
          { id: 'next-dyn-api', label: 'node:http + apiRoutes, same folder  GET /api/users/42?x=1', server: 'node-api', dir: CONFORMANCE_API, req: NEXT_DYNAMIC },
        ],
      },
    );
  }
  if (opts.only.length) {
    for (const g of groups) g.scenarios = g.scenarios.filter((s, i) => i === 0 || opts.only.some((o) => s.id.includes(o) || s.label.includes(o)));
    return groups.filter((g) => g.scenarios.length > 1 || opts.only.some((o) => g.scenarios[0].id.includes(o)));
  }
  return groups;
}

// ---------------------------------------------------------------------------
// Measuring

/** Latencies of every 2xx response at full resolution (autocannon's own histogram has 1 ms buckets). */
class Latencies {
  constructor() {
    this.values = new Float64Array(1 << 16);
    this.length = 0;
  }
  add(ms) {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = ms;
  }
  percentiles(...ps) {
    const sorted = this.values.subarray(0, this.length).sort();
    return ps.map((p) => (this.length ? sorted[Math.min(this.length - 1, Math.floor((p / 100) * this.length))] : NaN));
  }
}

async function load(port, req, seconds, connections) {
  const latencies = new Latencies();
  const instance = autocannon({
    url: `http://127.0.0.1:${port}${req.path}`,
    method: req.method || 'GET',
    body: req.body,
    headers: req.headers,
    connections,
    duration: seconds,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.add(responseTime);
  });
  const result = await instance;
  const [p50, p99] = latencies.percentiles(50, 99);
  const ok = result['2xx'];
  return {
    ok,
    rps: ok / result.duration,
    p50,
    p99,
    problems: result.non2xx + result.errors + result.timeouts,
    duration: result.duration,
  };
}

async function measure(s, seconds, connections) {
  const before = await s.entry.stats();
  const t0 = performance.now();
  const r = await load(s.port, s.req, seconds, connections);
  const wall = (performance.now() - t0) * 1000;
  const after = await s.entry.stats();
  const cpu = after.cpuMicros - before.cpuMicros;
  return { ...r, cpuPerReq: cpu / Math.max(1, r.ok), cpuShare: cpu / wall, rss: after.rss, processes: after.processes || 1 };
}

/** One request, checked, before anything is measured: never benchmark a 404. */
async function sanityCheck(s) {
  const r = await get(s.port, s.req);
  let good = r.status === 200;
  try {
    good = good && s.req.check(r.body);
  } catch {
    good = false;
  }
  if (!good) throw new Error(`${s.id}: ${s.req.method || 'GET'} ${s.req.path} answered ${r.status} ${r.body.slice(0, 200)}`);
}

const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

// ---------------------------------------------------------------------------
// Start-up: spawn → first 200, and apiRoutes() construction on a big folder

/** A folder of `count` route files: static, dynamic, nested, .js (ESM) and .ts. */
function generateRoutes(dir, count) {
  const handler = (name) => `export default function handler(req, res) {\n  res.status(200).json({ route: ${JSON.stringify(name)}, query: req.query });\n}\n`;
  const tsHandler = (name) =>
    `import type { NextApiRequest, NextApiResponse } from 'next';\n\nexport default function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.status(200).json({ route: ${JSON.stringify(name)}, query: req.query });\n}\n`;
  const write = (rel, text) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  // 10 files per group: index, 7 static, [id], [id]/detail.ts
  const groups = Math.ceil(count / 10);
  let written = 0;
  for (let g = 0; g < groups && written < count; g++) {
    const files = [
      ['index.js', handler], ...Array.from({ length: 7 }, (_, k) => [`item${k}.js`, handler]), ['[id].js', handler], ['[id]/detail.ts', tsHandler],
    ];
    for (const [name, make] of files) {
      if (written === count) break;
      write(path.join(`group${g}`, name), make(`group${g}/${name}`));
      written++;
    }
  }
  return written;
}

async function coldStart(kind, dir, reqPath) {
  const t0 = performance.now();
  const { entry, port } = await forkServer(kind, dir);
  const tReady = performance.now();
  const r = await get(port, { path: reqPath });
  const t1 = performance.now();
  await stop(entry);
  if (r.status !== 200) throw new Error(`cold start ${kind}: GET ${reqPath} answered ${r.status}`);
  return { total: t1 - t0, first: t1 - tReady };
}

async function startupBench(opts) {
  const dir50 = makeTmpDir('50');
  generateRoutes(dir50, 50);
  const dir1000 = makeTmpDir('1000');
  const files = generateRoutes(dir1000, 1000);

  const cold = { bare: [], api: [] };
  for (let i = 0; i < opts.startupReps; i++) {
    const order = i % 2 ? ['api', 'bare'] : ['bare', 'api'];
    for (const which of order) {
      cold[which].push(which === 'bare' ? await coldStart('bare', undefined, '/api/hello') : await coldStart('node-api', dir50, '/api/group2/item3'));
    }
  }

  const construct = { require: [], first: [], warm: [], routes: 0 };
  for (let i = 0; i < opts.constructReps; i++) {
    const { entry, message } = await forkServer('construct', dir1000, 'construct');
    await stop(entry);
    construct.require.push(message.requireMs);
    construct.first.push(message.firstMs);
    construct.warm.push(median(message.warmMs));
    construct.routes = message.routes;
  }
  return { cold, construct, files };
}

// ---------------------------------------------------------------------------
// Report

const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function printEnvironment(opts) {
  const cpus = os.cpus();
  const acVersion = require('autocannon/package.json').version;
  console.log('next-api-express benchmark');
  console.log(`  node ${process.version} on ${os.platform()} ${os.arch()}, ${cpus.length} cpu(s) ${cpus[0] ? `(${cpus[0].model.trim()})` : ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  console.log(`  load: autocannon ${acVersion} in the parent process, ${opts.connections} connections, keep-alive`);
  console.log(`  ${opts.rounds} round(s) x ${opts.duration} s per scenario (+ ${opts.warmup} s warm-up each), interleaved; medians over rounds`);
  console.log('  servers: one child process each (bench/server.js, or `next start`), NODE_ENV=production, 127.0.0.1');
  console.log('');
}

function printTable(groups, results, rounds) {
  const head = [pad('scenario', 62), lpad('req/s', 8), lpad('p50 ms', 7), lpad('p99 ms', 7), lpad('srv CPU', 8), lpad('CPU µs/req', 11), lpad('RSS MB', 7), '  ', pad('req/s ratio', 24), lpad('CPU/req ratio', 13)];
  const line = head.join(' ');
  console.log(line);
  console.log('-'.repeat(line.length));
  const notes = [];
  const clientBound = [];
  for (const g of groups) {
    const base = g.scenarios[0];
    for (const s of g.scenarios) {
      const rs = results.get(s.id);
      const m = (k) => median(rs.map((r) => r[k]));
      let ratio = 'baseline';
      let cpuRatio = '';
      if (s !== base) {
        const bs = results.get(base.id);
        const perRound = rs.map((r, i) => r.rps / bs[i].rps);
        const cpuPerRound = rs.map((r, i) => r.cpuPerReq / bs[i].cpuPerReq);
        const spread = rounds > 1 ? ` (${fmt(Math.min(...perRound))}–${fmt(Math.max(...perRound))})` : '';
        ratio = `${fmt(median(perRound))}× ${base.short}${spread}`;
        cpuRatio = `${fmt(median(cpuPerRound))}×`;
      }
      const problems = rs.reduce((a, r) => a + r.problems, 0);
      if (problems) notes.push(`  ! ${s.id}: ${problems} non-2xx/errors/timeouts during the measured runs`);
      const cpuShare = m('cpuShare');
      if (cpuShare < 0.85) clientBound.push(s.id);
      console.log(
        [
          pad(s.label, 62),
          lpad(fmtInt(m('rps')), 8),
          lpad(fmt(m('p50')), 7),
          lpad(fmt(m('p99')), 7),
          lpad(`${fmt(cpuShare * 100, 0)}%`, 8),
          lpad(fmt(m('cpuPerReq'), 1), 11),
          lpad(fmt(rs[rs.length - 1].rss / 2 ** 20, 1), 7),
          '  ',
          pad(ratio, 24),
          lpad(cpuRatio, 13),
        ].join(' '),
      );
    }
    console.log('');
  }
  if (clientBound.length) {
    notes.unshift(
      `  ! client-bound (server below 85% of a core, so autocannon set the pace): ${clientBound.join(', ')}.`,
      '    For these, req/s ratios understate differences: read CPU µs/req.',
    );
  }
  return notes;
}

function printStartup(st) {
  const bare = median(st.cold.bare.map((c) => c.total));
  const api = median(st.cold.api.map((c) => c.total));
  const bareFirst = median(st.cold.bare.map((c) => c.first));
  const apiFirst = median(st.cold.api.map((c) => c.first));
  console.log(pad('start-up (medians)', 62), lpad('spawn → first 200', 18), lpad('of which ready → 200', 21), '  ', 'ratio');
  console.log(pad('node:http bare', 62), lpad(`${fmt(bare, 1)} ms`, 18), lpad(`${fmt(bareFirst, 1)} ms`, 21), '  ', 'baseline');
  console.log(pad('node:http + apiRoutes, 50 route files (first request imports)', 62), lpad(`${fmt(api, 1)} ms`, 18), lpad(`${fmt(apiFirst, 1)} ms`, 21), '  ', `${fmt(api / bare)}× bare http`);
  console.log(
    pad(`apiRoutes() on ${st.construct.routes} route files (scan + sort + compile)`, 62),
    lpad(`${fmt(median(st.construct.first), 1)} ms`, 18),
    lpad('', 21),
    '  ',
    `first call in a fresh process; later calls ${fmt(median(st.construct.warm), 1)} ms; require(dist) ${fmt(median(st.construct.require), 1)} ms`,
  );
  console.log('');
}

// ---------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const nextAvailable = fs.existsSync(NEXT_BIN) && fs.existsSync(path.join(GOLDEN, '.next', 'BUILD_ID'));
  let nextNote = '';
  if (opts.next && !nextAvailable) {
    opts.next = false;
    nextNote = 'next start: skipped — .next-golden/ has no next install or build (run `node scripts/record-golden.js` to make one; the bench never installs Next)';
  } else if (!opts.next) {
    nextNote = 'next start: skipped (--no-next)';
  }
  printEnvironment(opts);

  const groups = scenarioGroups(opts);
  const scenarios = groups.flatMap((g) => g.scenarios);

  // Start every server, then check each answers what we expect.
  const logDir = makeTmpDir('logs');
  console.log(`starting ${scenarios.length} servers, warming up, then ${opts.rounds} round(s) of ${scenarios.length} x ${opts.duration} s ...`);
  for (const s of scenarios) {
    const server = s.server === 'next' ? await startNext(s.req.path, path.join(logDir, `${s.id}.log`)) : await forkServer(s.server, s.dir);
    s.entry = server.entry;
    s.port = server.port;
    await sanityCheck(s);
  }
  for (const s of scenarios) {
    progress(`warm-up  ${s.id}`);
    await load(s.port, s.req, opts.warmup, opts.connections);
  }

  const results = new Map(scenarios.map((s) => [s.id, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const g of groups) {
      // A B, then B A: neither side always goes first.
      const order = round % 2 ? [...g.scenarios].reverse() : g.scenarios;
      for (const s of order) {
        progress(`round ${round + 1}/${opts.rounds}  ${s.id}`);
        results.get(s.id)[round] = await measure(s, opts.duration, opts.connections);
        await sleep(200);
      }
    }
  }
  progress('');
  await stopAll();

  let startup;
  if (opts.startup) startup = await startupBench(opts);

  console.log('');
  const notes = printTable(groups, results, opts.rounds);
  if (startup) printStartup(startup);
  console.log('req/s ratio: median over rounds of (scenario / baseline) measured back to back, min–max in brackets; > 1 is faster.');
  console.log('CPU µs/req: server CPU time (user+sys) per 2xx response — lower is cheaper, and independent of the load generator.');
  console.log('srv CPU: share of one core the server used while loaded (GC threads can take it past 100%); well below 100% means the client set the pace.');
  const nextProcs = [...results.entries()].filter(([id]) => id.startsWith('next-') && !id.endsWith('-api')).map(([, rs]) => rs[rs.length - 1].processes);
  console.log(
    `RSS: server resident memory after its last round${nextProcs.length ? ` (next start: its whole process tree, ${Math.max(...nextProcs)} process(es), RSS and CPU read from /proc)` : ''}.`,
  );
  if (nextNote) console.log(nextNote);
  for (const n of notes) console.log(n);
  console.log(`total ${fmt((performance.now() - started) / 1000, 1)} s`);
}

main().catch(async (err) => {
  console.error(`\nbench: ${err && err.stack ? err.stack : err}`);
  for (const dir of tmpDirs) {
    if (dir.includes('-logs-') && fs.readdirSync(dir).length) {
      keepTmp.add(dir);
      console.error(`bench: server logs kept in ${dir}`);
    }
  }
  await stopAll().catch(() => {});
  process.exit(1);
});
