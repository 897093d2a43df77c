#!/usr/bin/env node
'use strict';
// `npm run bench` (= `npm run build && node bench/run.js`): throughput, latency,
// CPU and memory of next-api-express next to its baselines, start-up and tree
// size, each goal of issue 11 printed as a ratio with its target, and a
// summary line saying which targets this run met.
//
// Machines are shared and noisy, so every number that matters is a ratio
// measured side by side in the same run:
//  - each server runs in its own child process (bench/server.js, or `next start`);
//    the load generator (autocannon) runs in this process;
//  - rounds interleave the scenarios of a group (A B, then B A, ...) so that
//    noise hits all of them alike;
//  - ratios are computed per round, between neighbours in time, and the median
//    over rounds is printed; absolute numbers are medians too;
//  - the load average before and after is printed: other work on the machine
//    lowers every absolute number, and widens the spread of the ratios.
// What is measured is listed in bench/scenarios.js; how to read it, the machine
// and the latest full run are in bench/README.md.
//
// Usage: node bench/run.js [--quick] [--duration=S] [--rounds=N] [--connections=N]
//          [--warmup=S] [--only=TEXT]... [--no-next] [--no-startup] [--startup-only] [--help]
// --quick: 1 round of 1 s per scenario and one start of each kind (about 1 min).
// --only=TEXT (repeatable): keep the groups with a scenario whose id or label contains
//   TEXT (bench/scenarios.js); `next` keeps the three `next start` groups.
// --no-next: skip the `next start` rows (without it they need `node bench/next-build.js`).
// --no-startup: skip start-up and the 10,000-file construction; --startup-only: only those.
// Defaults: 6 rounds of 2.5 s per scenario after 1 s of warm-up, 50 connections (~12.5 min).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { forkServer, stop, stopAll, makeTmpDir, keepLogs, startNext } = require('./support/processes');
const { get, load, sleep, median, loadGenerator } = require('./support/http');
const { writeMixedTree, writeTsProject } = require('./support/trees');
const { mintPreviewCookies } = require('./support/preview-cookies');
const { groups: scenarioGroups, REQ } = require('./scenarios');
const nextBuild = require('./next-build');
const { printUsage } = require('./support/usage');

const ROOT = path.resolve(__dirname, '..');

// ---------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = { quick: false, duration: undefined, rounds: undefined, connections: 50, warmup: undefined, only: [], next: true, startup: true, throughput: true };
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
      case '--startup-only': opts.throughput = false; break;
      case '--help': case '-h':
        printUsage(__filename);
        process.exit(0);
        break;
      default: fail(`unknown argument ${arg} (try --help)`);
    }
  }
  // Many short rounds rather than a few long ones: the two sides of a ratio are
  // measured seconds apart, so load that comes and goes hits both alike.
  opts.duration ??= opts.quick ? 1 : 2.5;
  opts.rounds ??= opts.quick ? 1 : 6;
  opts.warmup ??= opts.quick ? 0.5 : 1;
  opts.startupReps = opts.quick ? 1 : 5;
  opts.constructReps = opts.quick ? 1 : 3;
  return opts;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Throughput

async function measure(s, seconds, connections) {
  const before = await s.entry.stats();
  const t0 = performance.now();
  const r = await load(s.port, s.req, seconds, connections);
  const wall = (performance.now() - t0) * 1000;
  const after = await s.entry.stats();
  const cpu = after.cpuMicros - before.cpuMicros;
  await settle(s.entry);
  return { ...r, cpuPerReq: cpu / Math.max(1, r.ok), cpuShare: cpu / wall, rss: after.rss, processes: after.processes || 1 };
}

/**
 * Waits until a server has finished the requests still in flight when the load
 * stopped (a slow route can have seconds of work queued), so that it does not
 * steal the CPU from the next scenario's measurement.
 */
async function settle(entry) {
  const t0 = performance.now();
  let last = await entry.stats();
  while (performance.now() - t0 < 60_000) {
    await sleep(100);
    const now = await entry.stats();
    if (now.cpuMicros - last.cpuMicros < 10_000) return;
    last = now;
  }
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

async function startScenario(s, logDir) {
  if (s.server === 'next') {
    return startNext({
      cwd: nextBuild.PROJECTS[s.next].dir,
      nextBin: nextBuild.NEXT_BIN,
      logFile: path.join(logDir, `${s.id}.log`),
      probe: async (port) => (await get(port, s.req)).status === 200,
    });
  }
  return forkServer(s.server, s.dir ? s.dir() : undefined);
}

/**
 * `next start` runs far more code per request than our servers, and V8 takes
 * a while to optimise it: under load its req/s keeps rising for 10–20 s (here
 * ~400 → ~1,400 req/s on app/api/hello; ours is steady within the usual 1 s).
 * Measured after 1 s it looked about half as fast as it is, so it is
 * loaded in windows until two windows in a row gain less than 5 % on the best
 * one before them (at most 40 s; --quick: 1 s windows, at most 10 s). Our side
 * of those rows is warmed up the same way, so both are compared at their best.
 */
async function warmUntilSteady(s, opts) {
  const window = opts.quick ? 1 : 2;
  const limit = opts.quick ? 10 : 40;
  let best = 0;
  let flat = 0;
  let seconds = 0;
  while (seconds < limit && flat < 2) {
    const { rps } = await load(s.port, s.req, window, opts.connections);
    seconds += window;
    flat = rps < best * 1.05 ? flat + 1 : 0;
    best = Math.max(best, rps);
  }
  return { seconds, rps: best };
}

async function runThroughput(groups, opts) {
  const scenarios = groups.flatMap((g) => g.scenarios);
  if (!scenarios.length) return new Map();
  const logDir = makeTmpDir('logs');
  console.log(`starting ${scenarios.length} servers, warming up, then ${opts.rounds} round(s) of ${scenarios.length} x ${opts.duration} s ...`);
  for (const s of scenarios) {
    progress(`starting ${s.id}`);
    const server = await startScenario(s, logDir);
    s.entry = server.entry;
    s.port = server.port;
    if (s.req.cookie && !s.req.headers.cookie) await mintPreviewCookies(s.port, REQ);
    await sanityCheck(s);
  }
  // Both sides of a `next start` comparison get the same warm-up.
  const againstNext = new Set(groups.filter((g) => g.scenarios.some((s) => s.server === 'next')).flatMap((g) => g.scenarios));
  for (const s of scenarios) {
    progress(`warm-up  ${s.id}`);
    if (againstNext.has(s)) s.warmedUp = await warmUntilSteady(s, opts);
    else await load(s.port, s.req, opts.warmup, opts.connections);
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
  return results;
}

/** Median over rounds of scenario/baseline, for req/s and for CPU per request, with the spread. */
function ratios(results, id, baseId) {
  const rs = results.get(id);
  const bs = results.get(baseId);
  const rps = rs.map((r, i) => r.rps / bs[i].rps);
  const cpu = rs.map((r, i) => r.cpuPerReq / bs[i].cpuPerReq);
  return { rps: median(rps), rpsMin: Math.min(...rps), rpsMax: Math.max(...rps), cpu: median(cpu) };
}

// ---------------------------------------------------------------------------
// Start-up: `node server.js` → first answer, `await ready()`, `apiRoutes()` on 10,000 files

/**
 * Spawn → first 200 of `reqPath` (the server imports and compiles the route on
 * that request). The server then lives a little longer, as a server does, so
 * that the compile cache it writes in the background reaches the disk.
 */
async function coldStart(kind, dir, reqPath, env) {
  const t0 = performance.now();
  const { entry, port } = await forkServer(kind, dir, { env });
  const tListening = performance.now();
  const r = await get(port, { path: reqPath });
  const t1 = performance.now();
  await sleep(300);
  await stop(entry);
  if (r.status !== 200) throw new Error(`cold start ${kind}: GET ${reqPath} answered ${r.status} ${r.body.slice(0, 200)}`);
  return { total: t1 - t0, firstRequest: t1 - tListening };
}

/** Spawn → `await api.ready()` resolved (every route file imported). */
async function readyStart(dir, env) {
  const t0 = performance.now();
  const { entry, message } = await forkServer('ready', dir, { waitFor: 'loaded', env });
  const total = performance.now() - t0;
  await stop(entry);
  return { total, ready: message.readyMs, routes: message.routes, compilerLoaded: message.compilerLoaded };
}

async function runStartup(trees, opts) {
  const cold = { bare: [], first: [], second: [] };
  const ready = { first: [], second: [] };
  for (let i = 0; i < opts.startupReps; i++) {
    progress(`start-up ${i + 1}/${opts.startupReps}`);
    // A cache folder of its own per repetition: "first" starts empty, "second" finds what first wrote.
    const cache200 = makeTmpDir('cache200');
    const cache1000 = makeTmpDir('cache1000');
    const steps = [
      async () => cold.bare.push(await coldStart('bare', undefined, '/api/hello')),
      async () => {
        cold.first.push(await coldStart('node-api', trees.ts200, '/api/group7/42', { BENCH_COMPILE_CACHE: cache200 }));
        cold.second.push(await coldStart('node-api', trees.ts200, '/api/group7/42', { BENCH_COMPILE_CACHE: cache200 }));
      },
      async () => {
        ready.first.push(await readyStart(trees.ts1000, { BENCH_COMPILE_CACHE: cache1000 }));
        ready.second.push(await readyStart(trees.ts1000, { BENCH_COMPILE_CACHE: cache1000 }));
      },
    ];
    for (const step of i % 2 ? [...steps].reverse() : steps) await step();
  }
  const construct = { first: [], firstCpu: [], later: [], require: [], routes: 0 };
  for (let i = 0; i < opts.constructReps; i++) {
    progress(`apiRoutes() on 10,000 files ${i + 1}/${opts.constructReps}`);
    const { entry, message } = await forkServer('construct', trees.scale10k, { waitFor: 'construct' });
    await stop(entry);
    construct.first.push(message.firstMs);
    construct.firstCpu.push(message.firstCpuMs);
    construct.later.push(median(message.warmMs));
    construct.require.push(message.requireMs);
    construct.routes = message.routes;
  }
  progress('');
  return { cold, ready, construct };
}

// ---------------------------------------------------------------------------
// Report

const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** One status line, rewritten in place on a terminal; silent in logs (CI). */
function progress(text) {
  if (process.stdout.isTTY) process.stdout.write(`\r${text.padEnd(70)}\r`);
}

function printEnvironment(opts) {
  const cpus = os.cpus();
  const acVersion = require('autocannon/package.json').version;
  console.log('next-api-express benchmark');
  console.log(`  node ${process.version} on ${os.platform()} ${os.arch()}, ${cpus.length} cpu(s) ${cpus[0] ? `(${cpus[0].model.trim()})` : ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  console.log(`  load average before: ${loadAverage()} (1, 5, 15 min) — other work on the machine lowers absolute numbers; ratios are side by side`);
  console.log(`  load: autocannon ${acVersion} in the parent process, ${opts.connections} connections, keep-alive`);
  console.log(`  ${opts.rounds} round(s) x ${opts.duration} s per scenario (+ ${opts.warmup} s warm-up each), interleaved; medians over rounds`);
  console.log('  servers: one child process each (bench/server.js, or `next start`), NODE_ENV=production, 127.0.0.1');
  console.log('');
}

function printTable(groups, results, rounds) {
  const head = [pad('scenario', 64), lpad('req/s', 8), lpad('p50 ms', 7), lpad('p99 ms', 7), lpad('srv CPU', 8), lpad('CPU µs/req', 11), lpad('RSS MB', 7), '  ', pad('req/s ratio', 26), lpad('CPU/req ratio', 13)];
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
        const r = ratios(results, s.id, base.id);
        const spread = rounds > 1 ? ` (${fmt(r.rpsMin)}–${fmt(r.rpsMax)})` : '';
        ratio = `${fmt(r.rps)}× ${base.short}${spread}`;
        cpuRatio = `${fmt(r.cpu)}×`;
      }
      const problems = rs.reduce((a, r) => a + r.problems, 0);
      if (problems) notes.push(`  ! ${s.id}: ${problems} non-2xx/errors/timeouts during the measured runs`);
      const cpuShare = m('cpuShare');
      if (cpuShare < 0.85) clientBound.push(s.id);
      console.log(
        [
          pad(s.label, 64),
          lpad(fmtInt(m('rps')), 8),
          lpad(fmt(m('p50')), 7),
          lpad(fmt(m('p99')), 7),
          lpad(`${fmt(cpuShare * 100, 0)}%`, 8),
          lpad(fmt(m('cpuPerReq'), 1), 11),
          lpad(fmt(rs[rs.length - 1].rss / 2 ** 20, 1), 7),
          '  ',
          pad(ratio, 26),
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
  const c = (list, key) => median(list.map((x) => x[key]));
  const bare = c(st.cold.bare, 'total');
  console.log(pad('start-up (medians)', 64), lpad('spawn → ready', 14), lpad('of which', 24), '  ', 'ratio / notes');
  console.log(pad('node:http bare server: node server.js → first 200', 64), lpad(`${fmt(bare, 0)} ms`, 14), lpad(`${fmt(c(st.cold.bare, 'firstRequest'), 1)} ms request`, 24), '  ', 'baseline');
  for (const which of ['first', 'second']) {
    const total = c(st.cold[which], 'total');
    console.log(
      pad(`node:http + apiRoutes, 200 .ts files, ${which} start → first 200`, 64),
      lpad(`${fmt(total, 0)} ms`, 14),
      lpad(`${fmt(c(st.cold[which], 'firstRequest'), 1)} ms request`, 24),
      '  ',
      `${fmt(total / bare)}× bare${which === 'first' ? ' (empty compile cache: the request compiles its file)' : ' (compile cache written by the first start)'}`,
    );
  }
  for (const which of ['first', 'second']) {
    const runs = st.ready[which];
    console.log(
      pad(`await ready() on ${runs[0].routes.toLocaleString('en-US')} .ts files, ${which} start (spawn → ready)`, 64),
      lpad(`${fmt(c(runs, 'total'), 0)} ms`, 14),
      lpad(`${fmt(c(runs, 'ready'), 0)} ms in ready()`, 24),
      '  ',
      `compiler loaded: ${runs.every((r) => r.compilerLoaded) ? 'yes' : runs.some((r) => r.compilerLoaded) ? 'in some runs' : 'no'}`,
    );
  }
  console.log(
    pad(`apiRoutes() on ${st.construct.routes.toLocaleString('en-US')} route files, fresh process (scan + sort + compile)`, 64),
    lpad(`${fmt(median(st.construct.first), 1)} ms`, 14),
    lpad('', 24),
    '  ',
    `CPU ${fmt(median(st.construct.firstCpu), 1)} ms; later calls ${fmt(median(st.construct.later), 1)} ms; require(dist) ${fmt(median(st.construct.require), 1)} ms`,
  );
  console.log('');
}

// ---------------------------------------------------------------------------
// Goals

/**
 * Every goal of issue 11 as { text, measure, value, target, met }: the
 * throughput goals from each group's `goals`, the start-up goals below;
 * groups that could not run are listed as pending with their reason.
 */
function evaluateGoals(groups, pendingGroups, results, startup) {
  const rows = [];
  const targetText = (op, t, unit = '×') => `${op} ${unit === '×' ? fmt(t) : t}${unit}`;
  for (const g of groups) {
    const base = g.scenarios[0];
    for (const goal of g.goals || []) {
      const r = ratios(results, goal.id, base.id);
      const rpsRow = { text: goal.text, measure: `req/s vs ${base.short}`, value: `${fmt(r.rps)}×` };
      if (goal.info) rows.push({ ...rpsRow, target: '(shown, no target)', met: undefined });
      else if (goal.rps !== undefined) rows.push({ ...rpsRow, target: targetText('≥', goal.rps), met: r.rps >= goal.rps });
      if (goal.cpu !== undefined) rows.push({ text: '', name: `${goal.text} (CPU/req)`, measure: 'CPU µs/req vs baseline', value: `${fmt(r.cpu)}×`, target: targetText('≤', goal.cpu), met: r.cpu <= goal.cpu });
    }
  }
  for (const { group, reason } of pendingGroups) {
    for (const goal of group.goals || []) {
      rows.push({ text: goal.text, measure: 'req/s', value: 'pending', target: goal.info ? '(shown, no target)' : targetText('≥', goal.rps), met: null, reason });
    }
  }
  if (startup) {
    const construct = median(startup.construct.first);
    rows.push({ text: `apiRoutes() on ${startup.construct.routes.toLocaleString('en-US')} route files (fresh process)`, measure: 'ms', value: `${fmt(construct, 1)} ms`, target: '≤ 100 ms', met: construct <= 100 });
    const second = median(startup.ready.second.map((r) => r.total));
    rows.push({ text: 'second start of 1,000 .ts files: spawn → await ready()', measure: 'ms', value: `${fmt(second, 0)} ms`, target: '≤ 500 ms', met: second <= 500 });
  } else {
    rows.push({ text: 'apiRoutes() on 10,000 route files; second start of 1,000 .ts files', measure: '', value: 'pending', target: '≤ 100 ms; ≤ 500 ms', met: null, reason: 'start-up skipped (--no-startup)' });
  }
  return rows;
}

function printGoals(rows) {
  console.log(pad('goals of issue 11', 66), pad('measure', 24), lpad('this run', 10), '  ', pad('target', 19), 'met');
  console.log('-'.repeat(130));
  for (const r of rows) {
    const met = r.met === true ? 'yes' : r.met === false ? 'NO' : r.met === null ? `pending: ${r.reason}` : '';
    console.log(pad(r.text, 66), pad(r.measure, 24), lpad(r.value, 10), '  ', pad(r.target, 19), met);
  }
  const targets = rows.filter((r) => r.met === true || r.met === false);
  const missed = rows.filter((r) => r.met === false).map((r) => r.name || r.text);
  const pending = rows.filter((r) => r.met === null);
  console.log('');
  console.log(
    `summary: ${targets.filter((r) => r.met).length} of ${targets.length} targets met on this run` +
      (missed.length ? `; not met: ${missed.join('; ')}` : '') +
      (pending.length ? `; ${pending.length} pending (${[...new Set(pending.map((r) => r.reason))].join('; ')})` : ''),
  );
}

// ---------------------------------------------------------------------------
// Main

function writeTrees(opts) {
  progress('writing route trees');
  const trees = {};
  trees.scale10 = makeTmpDir('scale10');
  writeMixedTree(trees.scale10, 10);
  trees.scale10k = makeTmpDir('scale10k');
  writeMixedTree(trees.scale10k, 10_000);
  if (opts.startup) {
    trees.ts200 = writeTsProject(makeTmpDir('ts200'), 200);
    trees.ts1000 = writeTsProject(makeTmpDir('ts1000'), 1000);
  }
  progress('');
  return trees;
}

/** Why a group with `requires` cannot run here (undefined: it can). */
function context(opts) {
  const lib = require(path.join(ROOT, 'dist', 'index.js'));
  // The builds of bench/next-build.js, checked against the fixtures they were made from.
  const next = (name) => (opts.next ? nextBuild.buildStatus(name) : '--no-next');
  return {
    nextPagesMissing: next('pages'),
    appMissing: typeof lib.appRoutes === 'function' ? undefined : 'appRoutes() is not in this build',
    nextAppMissing: next('app'),
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js'))) fail('dist/ is missing: run `npm run build` first (npm run bench does)');
  loadGenerator();
  const started = performance.now();
  printEnvironment(opts);

  const trees = writeTrees(opts);
  const ctx = context(opts);
  let pendingGroups = [];
  let groups = [];
  for (const g of scenarioGroups(trees)) {
    const reason = g.requires ? g.requires(ctx) : undefined;
    if (reason) pendingGroups.push({ group: g, reason });
    else groups.push(g);
  }
  if (!opts.throughput) {
    groups = [];
    pendingGroups = [];
  }
  if (opts.only.length) {
    const wanted = (s) => opts.only.some((o) => s.id.includes(o) || s.label.includes(o));
    groups = groups.filter((g) => g.scenarios.slice(1).some(wanted) || wanted(g.scenarios[0]));
    // A row asked for by --only that cannot run still says why (e.g. no next build).
    pendingGroups = pendingGroups.filter(({ group: g }) => g.scenarios.some(wanted));
  }

  const results = await runThroughput(groups, opts);
  const startup = opts.startup ? await runStartup(trees, opts) : undefined;

  console.log('');
  const notes = printTable(groups, results, opts.rounds);
  if (startup) printStartup(startup);
  console.log('req/s ratio: median over rounds of (scenario / baseline) measured back to back, min–max in brackets; > 1 is faster.');
  console.log('CPU µs/req: server CPU time (user+sys) per 2xx response — lower is cheaper, and independent of the load generator.');
  console.log('srv CPU: share of one core the server used while loaded (GC threads can take it past 100%); well below 100% means the client set the pace.');
  const nextProcs = groups.flatMap((g) => g.scenarios).filter((s) => s.server === 'next').map((s) => results.get(s.id).at(-1).processes);
  console.log(`RSS: server resident memory after its last round${nextProcs.length ? ` (next start: its whole process tree, ${Math.max(...nextProcs)} process(es), RSS and CPU read from /proc)` : ''}.`);
  const warmed = groups.flatMap((g) => g.scenarios).filter((s) => s.warmedUp);
  if (warmed.length) {
    console.log(`warm-up of the next start rows, until req/s stopped rising (seconds, best window): ${warmed.map((s) => `${s.id} ${s.warmedUp.seconds} s ${fmtInt(s.warmedUp.rps)} req/s`).join('; ')}.`);
  }
  for (const n of notes) console.log(n);
  console.log('');
  printGoals(evaluateGoals(groups, pendingGroups, results, startup));
  console.log(`load average after: ${loadAverage()}; total ${fmt((performance.now() - started) / 1000, 1)} s`);
}

main().catch(async (err) => {
  console.error(`\nbench: ${err && err.stack ? err.stack : err}`);
  keepLogs();
  await stopAll().catch(() => {});
  process.exit(1);
});
