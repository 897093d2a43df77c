#!/usr/bin/env node
'use strict';
// `node bench/v8-misses.js`: per request, how often V8's inline caches miss and
// how many hidden classes (maps) are built, by source position; and how many
// garbage collections of each kind 10,000 requests cause.
//
// Why: on Express every request's `req` and `res` get a layout of their own
// (Express switches their prototypes per request, and V8 then builds a fresh
// map for every property added afterwards), so every property load or store
// on them misses V8's caches and goes through the runtime, a few thousand
// instructions each. Those misses and map builds, not the JavaScript we run,
// are most of what a request costs there (bench/README.md "Phase 6"). Unlike
// time or instruction counts, both numbers are the same in every process, so
// a change that saves one miss per request shows as exactly 1.00. The
// collections (from `--trace-gc`) are nearly as steady: a mark-compact comes
// after a fixed growth of the old generation, so their rate says how much of
// each request outlives a young-generation collection.
//
// The scenario's server (bench/server.js) runs with V8's `--log-ic --log-maps`
// (and again in a process of its own with `--trace-gc`);
// after `--warmup` requests (and a quarter of that again on fresh connections)
// the log's size is noted, `--requests` more are sent, and only the log
// written meanwhile is read. IC lines name the line and column of the load or
// store (in whatever file: node's own, Express's, dist/); `--base=ID` prints
// the difference from another scenario, site by site.
//
// Usage: node bench/v8-misses.js --only=ID[,ID...] [--base=ID] [--warmup=N] [--requests=N] [--top=N]
// IDs: those of bench/profile.js (bare, node-static, ex5-floor, ex5-static-hand, ex5-static-api, ...).
// The logs are big (~100 bytes per event) and are deleted afterwards.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { sendRequests } = require('./support/http');
const { CHILD_ENV } = require('./support/processes');
const { readyPort, warmUp } = require('./support/scenario-server');
const { printUsage } = require('./support/usage');
const { scenarioById } = require('./profile-scenarios');

const SERVER = path.join(__dirname, 'server.js');
const CONNECTIONS = 10;

function parseArgs(argv) {
  const opts = { only: [], base: undefined, warmup: 8000, requests: 30000, top: 25 };
  for (const arg of argv) {
    const [key, value] = arg.split(/=(.*)/s, 2);
    if (key === '--only') opts.only.push(...value.split(','));
    else if (key === '--base') opts.base = value;
    else if (['--warmup', '--requests', '--top'].includes(key) && Number(value) >= (key === '--top' ? 0 : 1)) opts[key.slice(2)] = Math.round(Number(value));
    else {
      printUsage(__filename);
      process.exit(key === '--help' || key === '-h' ? 0 : 2);
    }
  }
  if (!opts.only.length) opts.only = ['ex5-floor', 'ex5-static-api'];
  return opts;
}

/**
 * With `trace: 'ic'`, the V8 log lines written while `requests` were answered;
 * with `trace: 'gc'` (a process of its own: the IC log slows the server down
 * so much that collections come by the clock, not by allocation), the
 * `--trace-gc` lines printed meanwhile.
 */
async function logOfRequests(s, opts, trace) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `v8-misses-${s.id}-`));
  const logfile = path.join(dir, 'v8.log');
  const flags = trace === 'ic' ? ['--log-ic', '--log-maps', '--no-log-maps-details', `--logfile=${logfile}`, '--no-logfile-per-isolate'] : ['--trace-gc'];
  const args = [...flags, SERVER, s.server];
  if (s.dir) args.push(s.dir);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env: CHILD_ENV });
  let gcTrace = '';
  let tracing = false;
  child.stdout.on('data', (d) => tracing && (gcTrace += d));
  try {
    const port = await readyPort(child, s);
    await warmUp(port, s, opts.warmup, CONNECTIONS);
    if (trace === 'gc') {
      tracing = true;
      await sendRequests(port, s.req, opts.requests, CONNECTIONS);
      tracing = false;
      return gcTrace.split('\n');
    }
    const from = fs.statSync(logfile).size;
    await sendRequests(port, s.req, opts.requests, CONNECTIONS);
    const to = fs.statSync(logfile).size;
    const fd = fs.openSync(logfile, 'r');
    const text = Buffer.alloc(to - from);
    fs.readSync(fd, text, 0, text.length, from);
    fs.closeSync(fd);
    return text.toString('latin1').split('\n');
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Per request: IC misses and maps built, in all and by site; per 10,000 requests: collections. */
function tally(lines, gcLines, perRequest) {
  const collections = (kind) => (gcLines.filter((l) => l.includes(kind)).length * 10_000) / perRequest;
  const sites = new Map();
  let misses = 0;
  let maps = 0;
  // A symbol's hash differs between processes; its description names it.
  const add = (key) => {
    const site = key.replace(/ hash [0-9a-f]+\)/, ')');
    sites.set(site, (sites.get(site) || 0) + 1 / perRequest);
  };
  for (const line of lines) {
    const f = line.split(',');
    if (f[0].endsWith('IC')) {
      // type,pc,time,line,column,old state,new state,map,key,modifier,slow reason
      misses++;
      add(`${f[0]} ${f[3]}:${f[4]} ${f[8]}`);
    } else if (f[0] === 'map-create') {
      maps++;
    } else if (f[0] === 'map' && f[1] === 'Transition') {
      // map,Transition,time,from,to,pc,line,column,reason,name
      add(`new map ${f[6]}:${f[7]} +${f[9]}`);
    }
  }
  return { misses: misses / perRequest, maps: maps / perRequest, sites, scavenges: collections('Scavenge'), markCompacts: collections('Mark-Compact') };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const ids = opts.base && !opts.only.includes(opts.base) ? [opts.base, ...opts.only] : opts.only;
  const results = new Map();
  for (const id of ids) {
    process.stderr.write(`${id}...\n`);
    const s = scenarioById(id);
    results.set(id, tally(await logOfRequests(s, opts, 'ic'), await logOfRequests(s, opts, 'gc'), opts.requests));
  }
  console.log(`V8 inline-cache misses and maps built per request: ${opts.warmup} warm-up requests, then ${opts.requests} logged, ${CONNECTIONS} connections`);
  for (const [id, r] of results) {
    const gc = `${r.scavenges.toFixed(1).padStart(6)} scavenges ${r.markCompacts.toFixed(2).padStart(6)} mark-compacts per 10,000 requests`;
    console.log(`${id.padEnd(20)} ${r.misses.toFixed(2).padStart(8)} IC misses ${r.maps.toFixed(2).padStart(7)} maps built   ${gc}`);
  }
  const base = opts.base && results.get(opts.base);
  for (const [id, r] of results) {
    if (id === opts.base || opts.top === 0) continue;
    console.log(`\n${id}${base ? ` minus ${opts.base}` : ''}, by site (line:column key), per request:`);
    const keys = new Set([...r.sites.keys(), ...(base ? base.sites.keys() : [])]);
    const rows = [...keys].map((k) => [k, (r.sites.get(k) || 0) - (base ? base.sites.get(k) || 0 : 0)]).filter(([, n]) => Math.abs(n) >= 0.5);
    rows.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
    for (const [k, n] of rows.slice(0, opts.top)) console.log(`  ${(n > 0 ? '+' : '') + n.toFixed(2)}  ${k}`);
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
