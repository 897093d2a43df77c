#!/usr/bin/env node
'use strict';
// `npm run soak` (= `npm run build && node scripts/soak.js`): a long run that
// shows whether memory grows with traffic. Not part of `npm test`.
//
// A child server (the attack suite's __tests__/support/serve-attack.js,
// which mounts the built package) serves __tests__/fixtures/attacks/pages/api;
// autocannon, in this process, alternates a dynamic GET (/api/users/42?x=1)
// and a JSON POST (/api/echo) until the requested number of responses.
// The load runs twice: a warm-up (the first 10 % of the requests), then the
// rest. The baseline is taken idle after the warm-up, the end idle after the
// rest, both after two full GCs in the child; samples under load are printed
// every few seconds. Exit code 1 if, at the end, the heap or the RSS in use
// (RSS without V8's empty heap pages, see `inUse`) is more than 10 % above
// the baseline, or if any request failed.
//
// Usage: node scripts/soak.js [--requests=N] [--host=express|node] [--connections=N] [--every=S]
//   --requests     total responses (default 1000000; e.g. 100000 for a short run)
//   --host         the server in front of the middleware (default express)
//   --connections  concurrent connections (default 32)
//   --every        seconds between samples (default 5)

const path = require('node:path');
const { spawn } = require('node:child_process');
const autocannon = require('autocannon');

const ROOT = path.resolve(__dirname, '..');
const SERVER = path.join(ROOT, '__tests__', 'support', 'serve-attack.js');
const API = path.join(ROOT, '__tests__', 'fixtures', 'attacks', 'pages', 'api');
const MAX_GROWTH = 0.1;

/**
 * RSS without the part of V8's heap that holds no live object. Under a high
 * request rate V8 enlarges its young generation (up to 3 x 16 MB here) and
 * keeps it: RSS then rises by up to ~25 MB once, and stays there, with the
 * live heap unchanged (seen on node:http at ~10,000 req/s: heap total 16 ->
 * 40 MB, heap used 6.4 -> 6.5 MB, the same on the code before and after a
 * change). That is the engine sizing itself, not memory kept by traffic, so
 * the verdict compares RSS minus (heap total - heap used); heap used is
 * compared on its own, and raw RSS is printed beside both.
 */
const inUse = (stats) => stats.rss - (stats.heapTotal - stats.heapUsed);

function parseArgs(argv) {
  const options = { requests: 1_000_000, host: 'express', connections: 32, every: 5 };
  for (const arg of argv) {
    const [, name, value] = /^--([\w-]+)(?:=(.*))?$/.exec(arg) || [];
    if (name === 'help') {
      process.stdout.write('Usage: node scripts/soak.js [--requests=N] [--host=express|node] [--connections=N] [--every=S]\n');
      process.exit(0);
    }
    if (!(name in options)) throw new Error(`unknown option ${arg} (see --help)`);
    options[name] = name === 'host' ? value : Number(value);
    if (name !== 'host' && !(options[name] > 0)) throw new Error(`--${name} must be a positive number`);
  }
  if (!['express', 'node'].includes(options.host)) throw new Error('--host must be express or node');
  return options;
}

function startServer(host) {
  const child = spawn(process.execPath, ['--expose-gc', SERVER, JSON.stringify({ dir: API, hosts: [host] })], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let nextId = 0;
  const gcStats = () =>
    new Promise((resolve) => {
      const id = ++nextId;
      const onMessage = (message) => {
        if (message.id !== id) return;
        child.off('message', onMessage);
        resolve(message.stats);
      };
      child.on('message', onMessage);
      child.send({ id, cmd: 'gc' });
    });
  const port = new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk))[host]));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, port, gcStats };
}

/** `amount` requests alternating the dynamic GET and the JSON POST; resolves with autocannon's result. */
function load(port, options, amount, onResponse) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: options.connections,
        amount,
        requests: [
          { method: 'GET', path: '/api/users/42?x=1' },
          { method: 'POST', path: '/api/echo', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ soak: true, n: [1, 2, 3] }) },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', onResponse);
  });
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (now, base) => `${now >= base ? '+' : ''}${(((now - base) / base) * 100).toFixed(1)} %`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const server = startServer(options.host);
  const port = await server.port;
  const start = await server.gcStats();
  process.stdout.write(
    `soak: ${options.requests.toLocaleString('en')} requests, ${options.connections} connections, ${options.host} on 127.0.0.1:${port} (pid ${server.child.pid})\n` +
      `start: rss ${mb(start.rss)}, heap ${mb(start.heapUsed)}\n`,
  );

  // Two runs of the same load: a warm-up (10 % of the requests) that fills the
  // caches, JIT and pools, then the rest. Baseline and end are both measured
  // idle, after GC, so they compare like with like; the samples printed in
  // between are taken under load, for the record.
  let done = 0;
  let sampling = false;
  const began = Date.now();
  const line = (label, stats, base) =>
    `${label.padEnd(8)} ${done.toLocaleString('en').padStart(10)} req  ${String(Math.round(done / ((Date.now() - began) / 1000))).padStart(6)} req/s  ` +
    `rss ${mb(stats.rss)}${base ? ` (${pct(stats.rss, base.rss)})` : ''}  heap ${mb(stats.heapUsed)}${base ? ` (${pct(stats.heapUsed, base.heapUsed)})` : ''}  ` +
    `rss in use ${mb(inUse(stats))}${base ? ` (${pct(inUse(stats), inUse(base))})` : ''}  ` +
    `(heap total ${mb(stats.heapTotal)}, external ${mb(stats.external)})\n`;
  let baseline;
  const timer = setInterval(() => {
    if (sampling) return;
    sampling = true;
    void server
      .gcStats()
      .then((stats) => process.stdout.write(line('load', stats, baseline)))
      .finally(() => (sampling = false));
  }, options.every * 1000);
  const settle = async () => {
    while (sampling) await new Promise((resolve) => setTimeout(resolve, 20));
    return server.gcStats();
  };

  const warmup = Math.ceil(options.requests / 10);
  const first = await load(port, options, warmup, () => (done += 1));
  baseline = await settle();
  process.stdout.write(line('baseline', baseline));
  const rest = await load(port, options, options.requests - warmup, () => (done += 1));
  clearInterval(timer);
  const end = await settle();
  process.stdout.write(line('end', end, baseline));
  server.child.kill('SIGTERM');

  const result = { errors: first.errors + rest.errors, timeouts: first.timeouts + rest.timeouts, non2xx: (first.non2xx || 0) + (rest.non2xx || 0) };
  const failures = [];
  const errors = result.errors + result.timeouts + result.non2xx;
  if (errors) failures.push(`${errors} requests failed (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`);
  if (inUse(end) > inUse(baseline) * (1 + MAX_GROWTH)) failures.push(`RSS in use grew ${pct(inUse(end), inUse(baseline))} (limit +${MAX_GROWTH * 100} %)`);
  if (end.heapUsed > baseline.heapUsed * (1 + MAX_GROWTH)) failures.push(`heap grew ${pct(end.heapUsed, baseline.heapUsed)} (limit +${MAX_GROWTH * 100} %)`);
  process.stdout.write(
    `done: ${done.toLocaleString('en')} requests in ${((Date.now() - began) / 1000).toFixed(0)} s, p99 ${rest.latency.p99} ms\n` +
      (failures.length ? `FAIL: ${failures.join('; ')}\n` : 'OK: heap used and RSS in use flat within 10 % of the baseline\n'),
  );
  process.exit(failures.length ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`soak: ${err.stack || err}\n`);
  process.exit(1);
});
