'use strict';
// One benchmark server, run as a child process of bench/run.js or bench/profile.js
// (never on its own).
//
//   node bench/server.js <kind> [dir]
//
// kinds:
//   bare           node:http answering {"name":"John Doe"} by hand — the floor
//   bare-next      the same plus the ETag and Content-Length Next sends: the floor for Next's bytes
//   node-api       node:http + apiRoutes(dir, { basePath: '/api' })
//   express-hand   Express 5 with hand-written routes doing the same work as the fixtures
//   express-api    Express 5 + app.use('/api', apiRoutes(dir))
//   express-floor  Express 5 + app.use('/api', a handler writing bare-next's bytes by hand):
//                  what Express costs before any route code runs (bench/icount.js)
//   express4-hand  the same two on Express 4 (the `express4` dev dependency)
//   express4-api
//   express-app    Express 5 + app.use('/api', appRoutes(dir)), once the package has appRoutes()
//   node-app       node:http + appRoutes(dir, { basePath: '/api' }), the like-for-like of `next start`
//   construct      no server: times apiRoutes(dir) construction (scan + sort + compile)
//   ready          no server: times require + apiRoutes(dir) + await ready() (every file imported)
//
// Listens on 127.0.0.1, port 0, and reports { type: 'ready', port } over IPC.
// Answers { type: 'stats' } with its RSS and CPU time, so the parent can
// measure per-scenario memory and CPU per request without /proc, and
// { type: 'mark' } with the monotonic clock in µs (the clock of V8's CPU
// profiles), so bench/profile.js can cut a `--cpu-prof` profile to the loaded window.
//
// Environment: BENCH_COMPILE_CACHE = a directory, or `off`, is passed to apiRoutes()
// as its `compileCache` option (unset: the option is not passed at all).

const http = require('node:http');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '..');
const [kind, dirArg] = process.argv.slice(2);
const DEFAULT_DIR = path.join(__dirname, 'fixtures', 'pages', 'api');
const dir = dirArg || DEFAULT_DIR;

/**
 * Fixed preview keys, so bench/run.js can mint a valid preview cookie on one
 * server and send it to another. (Only for the benchmark: real keys are secret.)
 */
const PREVIEW_KEYS = {
  previewModeId: 'bench-preview-mode-id-0123456789',
  previewModeSigningKey: 'bench-preview-signing-key-0123456789abcdef',
  previewModeEncryptionKey: 'bench-preview-encryption-key-0123456789abcdef',
};

function send(message) {
  if (process.send) process.send(message);
}

// The parent goes away → so do we (never outlive the benchmark). A normal exit,
// so that `--cpu-prof` writes its profile.
process.on('disconnect', () => process.exit(0));

process.on('message', (message) => {
  if (!message) return;
  if (message.type === 'stats') {
    const { rss, heapUsed } = process.memoryUsage();
    send({ type: 'stats', id: message.id, rss, heapUsed, cpu: process.cpuUsage(), maxRSS: process.resourceUsage().maxRSS * 1024 });
  } else if (message.type === 'mark') {
    send({ type: 'mark', id: message.id, micros: Number(process.hrtime.bigint() / 1000n) });
  }
});

function silentLogger() {
  const noop = () => {};
  return { error: (...args) => console.error(...args), warn: noop };
}

function loadLibrary() {
  // The built package, exactly as users require it.
  return require(path.join(ROOT, 'dist', 'index.js'));
}

function apiOptions(extra) {
  const options = { logger: silentLogger(), preview: PREVIEW_KEYS, ...extra };
  const cache = process.env.BENCH_COMPILE_CACHE;
  if (cache) options.compileCache = cache === 'off' ? false : cache;
  return options;
}

/** The hand-written baseline: the same answers as the fixture routes, written as an Express user would. */
function expressHand(express) {
  const app = express();
  app.get('/api/hello', (req, res) => {
    res.status(200).json({ name: 'John Doe' });
  });
  app.get('/api/users/:id', (req, res) => {
    res.status(200).json({ ...req.query, id: req.params.id });
  });
  app.post('/api/echo-body', express.json({ limit: '1mb' }), (req, res) => {
    const { items } = req.body;
    res.status(200).json({ count: items.length, first: items[0].name });
  });
  app.get('/api/stream', (req, res) => {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.write('chunk 1\n');
    res.write('chunk 2\n');
    res.end('chunk 3\n');
  });
  return app;
}

function expressApi(express) {
  const { apiRoutes } = loadLibrary();
  const app = express();
  app.use('/api', apiRoutes(dir, apiOptions()));
  return app;
}

/**
 * The floor for Next's bytes: what `bare` sends plus the ETag Next computes and
 * an explicit Content-Length, written by hand (docs/next-behaviour.md §10.4).
 */
function nextBytesByHand() {
  const { generateETag } = require(path.join(ROOT, 'dist', 'pages', 'etag.js'));
  return (req, res) => {
    const body = JSON.stringify({ name: 'John Doe' });
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('ETag', generateETag(body));
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  };
}

function createServer() {
  switch (kind) {
    case 'bare': {
      return http.createServer((req, res) => {
        const body = JSON.stringify({ name: 'John Doe' });
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(body);
      });
    }
    case 'bare-next':
      return http.createServer(nextBytesByHand());
    case 'node-api': {
      const { apiRoutes } = loadLibrary();
      return http.createServer(apiRoutes(dir, apiOptions({ basePath: '/api' })));
    }
    case 'express-hand':
      return http.createServer(expressHand(require('express')));
    case 'express-floor': {
      const app = require('express')();
      app.use('/api', nextBytesByHand());
      return http.createServer(app);
    }
    case 'express-api':
      return http.createServer(expressApi(require('express')));
    case 'express4-hand':
      return http.createServer(expressHand(require('express4')));
    case 'express4-api':
      return http.createServer(expressApi(require('express4')));
    case 'node-app': {
      const { appRoutes } = loadLibrary();
      return http.createServer(appRoutes(dir, apiOptions({ basePath: '/api' })));
    }
    case 'express-app': {
      const express = require('express');
      const { appRoutes } = loadLibrary();
      const app = express();
      app.use('/api', appRoutes(dir, apiOptions()));
      return http.createServer(app);
    }
    default:
      throw new Error(`bench/server.js: unknown kind ${JSON.stringify(kind)}`);
  }
}

function construct() {
  const t0 = performance.now();
  const { apiRoutes } = loadLibrary();
  const tRequire = performance.now() - t0;
  const times = [];
  let firstCpuMs = 0;
  let routes = 0;
  for (let i = 0; i < 11; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const mw = apiRoutes(dir, apiOptions());
    times.push(performance.now() - t);
    if (i === 0) {
      const used = process.cpuUsage(cpu);
      firstCpuMs = (used.user + used.system) / 1000;
    }
    routes = mw.routes.length;
  }
  send({ type: 'construct', requireMs: tRequire, firstMs: times[0], firstCpuMs, warmMs: times.slice(1), routes });
  // Stay alive until the parent disconnects, so it can read our stats if it wants to.
}

/** `await ready()`: every route file imported (and compiled, or read from the compile cache). */
async function ready() {
  const t0 = performance.now();
  const { apiRoutes } = loadLibrary();
  const t1 = performance.now();
  const mw = apiRoutes(dir, apiOptions());
  const t2 = performance.now();
  await mw.ready();
  const t3 = performance.now();
  const compilerLoaded = Object.keys(require.cache).some((file) => file.includes(`${path.sep}sucrase${path.sep}`));
  send({
    type: 'loaded',
    sinceStartMs: t3, // performance.now() counts from the process's time origin
    requireMs: t1 - t0,
    constructMs: t2 - t1,
    readyMs: t3 - t2,
    routes: mw.routes.length,
    compilerLoaded,
  });
}

if (kind === 'construct') {
  construct();
} else if (kind === 'ready') {
  ready().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  const server = createServer();
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    send({ type: 'ready', port: server.address().port });
  });
}
