#!/usr/bin/env node
'use strict';
// `node bench/profile.js`: where the CPU time of one request goes, ours next to
// the hand-written baselines. Each scenario's server (bench/server.js) runs in
// its own child process under `node --cpu-prof`, is warmed up, then loaded with
// autocannon; only the samples taken inside the loaded window count (the
// server reports its monotonic clock, the clock of V8's profiles, at both
// ends). The samples' shares by bucket (our files, Express, node:http,
// streams, GC, ...) and by function split the CPU time the process used per
// request (process.cpuUsage over the same window): µs per request. The .cpuprofile files are kept (Chrome DevTools
// → Performance, or speedscope.app) for flame graphs.
//
// Profiling slows everything a little (more at a finer interval), and the
// machine may be shared: compare scenarios within one run, not across runs.
//
// With --rounds=N every scenario is profiled N times, rounds interleaved
// (A B C, A B C, ...), and each number printed is the median over rounds.
//
// Usage: node bench/profile.js [--only=ID]... [--rounds=N] [--duration=S] [--warmup=S]
//          [--connections=N] [--interval=µs] [--top=N] [--out=DIR] [--json]
// IDs: see bench/profile-scenarios.js (e.g. ex5-static-api, node-dynamic, ex4-post-hand).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { forkServer, finish, stopAll } = require('./support/processes');
const { get, load, sleep } = require('./support/http');
const { REQ } = require('./scenarios');
const { mintPreviewCookies } = require('./support/preview-cookies');

const ROOT = path.resolve(__dirname, '..');
const { SCENARIOS } = require('./profile-scenarios');
const { printUsage } = require('./support/usage');

function parseArgs(argv) {
  const opts = { only: [], rounds: 1, duration: 8, warmup: 3, connections: 50, interval: 250, top: 25, out: undefined, json: false };
  for (const arg of argv) {
    const [key, value] = arg.split(/=(.*)/s, 2);
    const num = () => {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${key} needs a positive number`);
      return n;
    };
    if (key === '--only') opts.only.push(value);
    else if (key === '--rounds') opts.rounds = Math.round(num());
    else if (key === '--duration') opts.duration = num();
    else if (key === '--warmup') opts.warmup = num();
    else if (key === '--connections') opts.connections = Math.round(num());
    else if (key === '--interval') opts.interval = Math.round(num());
    else if (key === '--top') opts.top = Math.round(num());
    else if (key === '--out') opts.out = path.resolve(value);
    else if (key === '--json') opts.json = true;
    else if (key === '--help' || key === '-h') {
      printUsage(__filename);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  opts.out ??= fs.mkdtempSync(path.join(os.tmpdir(), 'next-api-express-profiles-'));
  return opts;
}

// ---------------------------------------------------------------------------
// Reading a profile

/** Which part of the process a frame belongs to. */
function bucketOf(frame) {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'native (unattributed)';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(root)') return 'root';
    // Node's native stream bindings: the socket write system call and what leads to it.
    if (/^write(v|Buffer|Utf8String|Latin1String|AsciiString|Ucs2String)$/.test(functionName)) return 'native: socket write';
    return 'V8 builtins + native';
  }
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  if (file.startsWith(path.join(ROOT, 'dist') + path.sep)) return `ours: ${path.relative(path.join(ROOT, 'dist'), file)}`;
  if (file.startsWith(path.join(__dirname, 'fixtures') + path.sep)) return 'route file';
  if (file === path.join(__dirname, 'server.js')) return 'hand-written route (server.js)';
  const nm = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (nm !== -1) {
    const rest = file.slice(nm + 14).split(path.sep);
    return `pkg: ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (file.startsWith('node:')) {
    const mod = file.slice(5);
    if (mod.startsWith('_http') || mod === 'http') return 'node: http';
    if (mod === 'net' || mod.startsWith('internal/streams') || mod === 'stream' || mod === 'internal/stream_base_commons') return 'node: net + streams';
    if (mod.startsWith('internal/url') || mod === 'url' || mod === 'querystring' || mod === 'internal/querystring') return 'node: url + querystring';
    if (mod === 'events' || mod.startsWith('internal/process/task_queues') || mod === 'internal/timers' || mod === 'timers') return 'node: events + ticks + timers';
    return `node: other (${mod})`;
  }
  return `other: ${file}`;
}

/** Groups the "node: other" and "other" buckets under one name for the summary table. */
const summaryBucket = (bucket) => (bucket.startsWith('node: other') ? 'node: other' : bucket.startsWith('ours: ') ? 'next-api-express (dist/)' : bucket);

/**
 * Shares of the samples taken in [fromMicros, toMicros], by bucket and by
 * function, turned into µs per request by scaling to `cpuPerReq` (the
 * process's measured CPU time per request). Samples are counted, not timed:
 * the gap between two samples is wall time, which on a shared machine
 * includes time the process was not running at all.
 */
function analyse(profile, fromMicros, toMicros, cpuPerReq) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < fromMicros || t > toMicros) continue;
    const id = profile.samples[i];
    hits.set(id, (hits.get(id) ?? 0) + 1);
  }
  const buckets = new Map();
  const functions = new Map();
  let total = 0;
  let inOurs = 0;
  let inHand = 0;
  const oursRoot = path.join(ROOT, 'dist') + path.sep;
  for (const [id, count] of hits) {
    const node = byId.get(id);
    const bucket = bucketOf(node.callFrame);
    if (bucket === 'idle') continue;
    total += count;
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
    const f = node.callFrame;
    const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'}  ${where}  [${bucket}]`;
    functions.set(key, (functions.get(key) ?? 0) + count);
    // Inclusive: does the stack pass through our code / the hand-written route?
    let ours = false;
    let hand = false;
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur).callFrame;
      if (frame.url.includes(oursRoot)) ours = true;
      if (frame.url.endsWith(`${path.sep}bench${path.sep}server.js`) && frame.lineNumber > 0) hand = true;
    }
    if (ours) inOurs += count;
    if (hand) inHand += count;
  }
  const perReq = (count) => (count / Math.max(1, total)) * cpuPerReq;
  const sorted = (map) => [...map].map(([k, v]) => [k, perReq(v)]).sort((a, b) => b[1] - a[1]);
  const summary = new Map();
  for (const [b, v] of buckets) summary.set(summaryBucket(b), (summary.get(summaryBucket(b)) ?? 0) + v);
  return {
    samples: total,
    inOursPerReq: perReq(inOurs),
    inHandPerReq: perReq(inHand),
    summary: sorted(summary),
    buckets: sorted(buckets),
    functions: sorted(functions),
  };
}

// ---------------------------------------------------------------------------

async function profileOne(s, opts, round) {
  const dir = path.join(opts.out, `${s.id}${opts.rounds > 1 ? `-round${round + 1}` : ''}`);
  fs.mkdirSync(dir, { recursive: true });
  const execArgv = ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${opts.interval}`];
  const { entry, port } = await forkServer(s.server, s.dir, { execArgv });
  if (s.req.cookie && !s.req.headers.cookie) await mintPreviewCookies(port, REQ);
  const check = await get(port, s.req);
  if (check.status !== 200 || !s.req.check(check.body)) throw new Error(`${s.id}: ${s.req.path} answered ${check.status} ${check.body.slice(0, 200)}`);
  await load(port, s.req, opts.warmup, opts.connections);
  await sleep(200);
  const from = await entry.mark();
  const before = await entry.stats();
  const r = await load(port, s.req, opts.duration, opts.connections);
  const after = await entry.stats();
  const to = await entry.mark();
  await finish(entry);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`${s.id}: no .cpuprofile written in ${dir}`);
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const cpuPerReq = (after.cpuMicros - before.cpuMicros) / Math.max(1, r.ok);
  const result = analyse(profile, from, to, cpuPerReq);
  result.rps = r.rps;
  result.cpuPerReq = cpuPerReq;
  result.file = path.join(dir, file);
  return result;
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

/** One result from several rounds: the median of every number (a key missing in a round counts as 0). */
function combine(list) {
  if (list.length === 1) return list[0];
  const med = (pick) => median(list.map(pick));
  const mergeLists = (key) => {
    const keys = new Set(list.flatMap((r) => r[key].map(([k]) => k)));
    return [...keys].map((k) => [k, med((r) => new Map(r[key]).get(k) ?? 0)]).sort((a, b) => b[1] - a[1]);
  };
  return {
    samples: list.reduce((a, r) => a + r.samples, 0),
    rps: med((r) => r.rps),
    cpuPerReq: med((r) => r.cpuPerReq),
    inOursPerReq: med((r) => r.inOursPerReq),
    inHandPerReq: med((r) => r.inHandPerReq),
    summary: mergeLists('summary'),
    buckets: mergeLists('buckets'),
    functions: mergeLists('functions'),
    file: list.map((r) => r.file).join(', '),
    rounds: list.map((r) => Math.round(r.cpuPerReq)),
  };
}

const f1 = (n) => n.toFixed(1).padStart(6);

function printOne(s, r, top) {
  console.log(`\n## ${s.id}  (${s.server}, ${s.req.method || 'GET'} ${s.req.path})`);
  console.log(`${Math.round(r.rps).toLocaleString('en-US')} req/s under the profiler; CPU ${r.cpuPerReq.toFixed(1)} µs/req (process.cpuUsage), split by ${r.samples} samples`);
  console.log(`inclusive: ${r.inOursPerReq.toFixed(1)} µs/req under next-api-express frames, ${r.inHandPerReq.toFixed(1)} µs/req under hand-written route frames`);
  if (r.rounds) console.log(`CPU µs/req per round: ${r.rounds.join(', ')} (medians shown)`);
  console.log(`profile: ${r.file}`);
  console.log('\n  µs/req  self time by bucket');
  for (const [b, v] of r.buckets) if (v >= 0.05) console.log(`  ${f1(v)}  ${b}`);
  console.log(`\n  µs/req  top ${top} functions by self time`);
  for (const [fn, v] of r.functions.slice(0, top)) console.log(`  ${f1(v)}  ${fn}`);
}

/** Ours next to its baseline, bucket by bucket (the table bench/README.md quotes). */
function printComparison(results) {
  const pairs = [];
  for (const [id] of results) {
    const m = /^(.*)-api$/.exec(id);
    if (m && results.has(`${m[1]}-hand`)) pairs.push([`${m[1]}-hand`, id]);
  }
  if (results.has('bare')) for (const id of ['node-static', 'node-dynamic']) if (results.has(id)) pairs.push(['bare', id]);
  for (const [base, ours] of pairs) {
    const a = new Map(results.get(base).summary);
    const b = new Map(results.get(ours).summary);
    const keys = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => (b.get(y) ?? 0) - (a.get(y) ?? 0) - ((b.get(x) ?? 0) - (a.get(x) ?? 0)));
    console.log(`\n### ${ours} vs ${base} (self µs per request)`);
    console.log(`| bucket | ${base} | ${ours} | difference |`);
    console.log('| --- | ---: | ---: | ---: |');
    for (const k of keys) {
      const x = a.get(k) ?? 0;
      const y = b.get(k) ?? 0;
      if (x < 0.05 && y < 0.05) continue;
      console.log(`| ${k} | ${x.toFixed(1)} | ${y.toFixed(1)} | ${(y - x >= 0 ? '+' : '') + (y - x).toFixed(1)} |`);
    }
    const ra = results.get(base);
    const rb = results.get(ours);
    const d = rb.cpuPerReq - ra.cpuPerReq;
    console.log(`| **CPU µs/req** | **${ra.cpuPerReq.toFixed(1)}** | **${rb.cpuPerReq.toFixed(1)}** | **${(d >= 0 ? '+' : '') + d.toFixed(1)}** |`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const chosen = opts.only.length ? SCENARIOS.filter((s) => opts.only.some((o) => s.id === o || s.id.startsWith(o))) : SCENARIOS;
  if (!chosen.length) throw new Error(`no scenario matches ${opts.only.join(', ')}`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  console.log(`# CPU profiles: node ${process.version}, ${os.cpus().length} cpu(s), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`# ${opts.connections} connections, ${opts.warmup} s warm-up, ${opts.duration} s profiled window, sampling every ${opts.interval} µs; profiles in ${opts.out}`);
  const rounds = new Map(chosen.map((s) => [s.id, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const s of chosen) {
      process.stderr.write(`profiling ${s.id} (round ${round + 1}/${opts.rounds})\n`);
      rounds.get(s.id).push(await profileOne(s, opts, round));
    }
  }
  const results = new Map();
  for (const s of chosen) {
    const r = combine(rounds.get(s.id));
    results.set(s.id, r);
    printOne(s, r, opts.top);
  }
  printComparison(results);
  if (opts.json) fs.writeFileSync(path.join(opts.out, 'summary.json'), JSON.stringify(Object.fromEntries(results), null, 2));
}

main().catch(async (err) => {
  console.error(`\nprofile: ${err && err.stack ? err.stack : err}`);
  await stopAll().catch(() => {});
  process.exit(1);
});
