#!/usr/bin/env node
'use strict';
// `node bench/icount.js`: user-space CPU instructions per request, counted by
// valgrind's callgrind, ours next to the hand-written baselines.
//
// Why: this machine is shared and has two cores, so µs per request moves by
// several per cent from run to run, more than the differences still being
// worked on (a few hundred nanoseconds per request). Instructions do not move
// with the machine's load, but they do move with what V8 decides. Counted over
// all threads after one warm-up, the same server read 674,561, 675,082 and
// 654,813 per request in three processes: V8's optimising compiler runs on a
// helper thread, and the first requests on new connections deoptimise a few of
// Node's own functions, so recompilation landed in the count (27 % of one
// node:http count). So the count starts after a second warm-up on fresh
// connections, and the main thread (the request path) is printed apart from
// all threads (the compiler, the GC helpers, libuv's pool): node:http read
// 95,987 and 95,851 on the main thread in two processes (development mode,
// before phase 7; see below). Still read
// differences under ~3 % as noise and repeat a scenario. They leave out the kernel (the
// socket write is a third of the CPU time in `npm run bench`) and they are not
// cycles (a cache miss counts as one instruction), so they say which of two
// versions of our code does less work, not how fast a server is: `npm run bench`
// stays the judge of the goals.
//
// Each scenario's server (bench/server.js, NODE_ENV=production as in `npm run
// bench`; before 6 December 2026 this tool ran them in development mode) runs
// under `valgrind --tool=callgrind`, gets `--warmup` requests (so V8 has
// optimised the hot code) and a quarter as many again on fresh connections,
// then callgrind_control zeroes the counters and dumps them after `--requests`
// requests, keep-alive, `--connections` at a time. Defaults: --warmup=20000
// --requests=5000 --connections=10.
//
// With --by-function[=N] the servers run with `node --perf-basic-prof`, so V8's
// compiled JavaScript can be named, and the main thread's instructions per
// request are printed by function (self cost), one column per scenario in the
// order of --only, the N rows (default 40) that differ most from the first
// column first.
//
// Usage: node bench/icount.js [--only=ID[,ID]]... [--warmup=N] [--requests=N] [--connections=N] [--by-function[=N]]
// IDs (bench/profile-scenarios.js): an unknown one prints the list.
// Needs valgrind (Debian package `valgrind`); not part of `npm test` or `npm run bench`.
// ICOUNT_KEEP=1 keeps callgrind's dumps (their folder is under the OS temp directory),
// and with --by-function V8's perf map beside them (callgrind_annotate --tree=caller
// then names a JIT caller's address through it).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { sendRequests } = require('./support/http');
const { CHILD_ENV } = require('./support/processes');
const { readyPort, warmUp } = require('./support/scenario-server');
const { printUsage } = require('./support/usage');
const { SCENARIOS, scenarioById } = require('./profile-scenarios');
const { selfCostByFunction } = require('./support/callgrind-functions');

const SERVER = path.join(__dirname, 'server.js');

function parseArgs(argv) {
  const opts = { only: [], warmup: 20_000, requests: 5_000, connections: 10, byFunction: 0 };
  for (const arg of argv) {
    const [key, value] = arg.split(/=(.*)/s, 2);
    if (key === '--only') opts.only.push(...value.split(','));
    else if (key === '--warmup' || key === '--requests' || key === '--connections') {
      const n = Math.round(Number(value));
      if (!(n > 0)) throw new Error(`${key} needs a positive number`);
      opts[key.slice(2)] = n;
    } else if (key === '--by-function') {
      opts.byFunction = value === undefined ? 40 : Math.round(Number(value));
      if (!(opts.byFunction > 0)) throw new Error('--by-function needs a positive number of rows');
    } else if (key === '--help' || key === '-h') {
      printUsage(__filename);
      process.exit(0);
    } else {
      console.error(`unknown argument ${arg} (node bench/icount.js --help)`);
      process.exit(2);
    }
  }
  return opts;
}

function callgrindControl(pid, ...args) {
  const r = spawnSync('callgrind_control', [...args, String(pid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`callgrind_control ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

/**
 * The `Ir` (instructions) totals of the dump callgrind wrote for this process,
 * one file per thread (`cg.<pid>.1-01` is the main thread; the others are V8's
 * compiler and GC helpers and libuv's pool): the main thread's, and all threads'.
 */
function instructionsIn(outDir) {
  let total = 0;
  let main = 0;
  for (const file of fs.readdirSync(outDir)) {
    const part = /^cg\.\d+\.1-(\d+)$/.exec(file); // cg.<pid>-NN: the dump at exit, empty as the server is killed
    if (!part) continue;
    const text = fs.readFileSync(path.join(outDir, file), 'utf8');
    const line = text.split('\n').find((l) => l.startsWith('summary:'));
    if (!line) continue;
    const n = Number(line.split(/\s+/)[1]);
    total += n;
    if (Number(part[1]) === 1) main = n;
  }
  return { main, total };
}

async function count(scenario, opts) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), `icount-${scenario.id}-`));
  const nodeFlags = opts.byFunction ? ['--perf-basic-prof'] : [];
  const args = ['--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${path.join(outDir, 'cg.%p')}`, process.execPath, ...nodeFlags, SERVER, scenario.server];
  if (scenario.dir) args.push(scenario.dir);
  // NODE_ENV=production, as in `npm run bench` (before 6 December 2026 this tool ran the servers in dev mode).
  const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: CHILD_ENV });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    const port = await readyPort(child, scenario, () => `:\n${stderr.slice(-2000)}`);
    await warmUp(port, scenario, opts.warmup, opts.connections);
    // Counters back to zero after the warm-up; the dump then holds the counted requests only.
    callgrindControl(child.pid, '--zero');
    await sendRequests(port, scenario.req, opts.requests, opts.connections);
    callgrindControl(child.pid, '--dump');
    const { main, total } = instructionsIn(outDir);
    const perfMap = path.join('/tmp', `perf-${child.pid}.map`);
    const byFunction = opts.byFunction ? selfCostByFunction(path.join(outDir, `cg.${child.pid}.1-01`), perfMap) : undefined;
    return { main: main / opts.requests, total: total / opts.requests, byFunction };
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode === null && child.signalCode === null ? child.once('exit', r) : r()));
    if (!process.env.ICOUNT_KEEP) fs.rmSync(outDir, { recursive: true, force: true });
    const perfMap = path.join('/tmp', `perf-${child.pid}.map`);
    if (opts.byFunction && process.env.ICOUNT_KEEP && fs.existsSync(perfMap)) fs.renameSync(perfMap, path.join(outDir, path.basename(perfMap)));
    else if (opts.byFunction) fs.rmSync(perfMap, { force: true });
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.error('bench/icount.js needs valgrind (apt-get install valgrind)');
    process.exit(2);
  }
  let chosen = SCENARIOS;
  try {
    if (opts.only.length) chosen = opts.only.map(scenarioById);
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  const fresh = Math.ceil(opts.warmup / 4);
  console.log(`instructions per request (callgrind, user space only): ${opts.warmup} + ${fresh} warm-up requests (the second part on fresh connections), then ${opts.requests} counted, ${opts.connections} connections`);
  const results = [];
  for (const scenario of chosen) {
    const perRequest = await count(scenario, opts);
    results.push({ id: scenario.id, ...perRequest });
    const cell = (n) => Math.round(n).toLocaleString('en-US').padStart(10);
    console.log(`${scenario.id.padEnd(18)} ${cell(perRequest.main)} main thread ${cell(perRequest.total)} all threads  (instructions/req)`);
  }
  if (opts.byFunction) printByFunction(results, opts);
  return results;
}

/** Main-thread self instructions per request by function, one column per scenario. */
function printByFunction(results, opts) {
  const names = new Set(results.flatMap((r) => [...r.byFunction.keys()]));
  const perRequest = (r, name) => (r.byFunction.get(name) ?? 0) / opts.requests;
  const rows = [...names].map((name) => ({ name, cells: results.map((r) => perRequest(r, name)) }));
  const spread = (row) => (results.length > 1 ? Math.max(...row.cells.slice(1).map((c) => Math.abs(c - row.cells[0]))) : row.cells[0]);
  rows.sort((a, b) => spread(b) - spread(a));
  const cell = (n) => Math.round(n).toLocaleString('en-US').padStart(12);
  console.log(`\nmain thread, self instructions per request by function (${results.length > 1 ? `the ${opts.byFunction} rows that differ most from ${results[0].id}` : `top ${opts.byFunction}`}):`);
  console.log(`${results.map((r) => r.id.slice(0, 12).padStart(12)).join('')}  function`);
  for (const row of rows.slice(0, opts.byFunction)) console.log(`${row.cells.map(cell).join('')}  ${row.name.slice(0, 150)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
