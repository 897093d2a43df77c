'use strict';
// One benchmark server, run as a child process of bench/run.js (never on its own).
//
//   node bench/server.js <kind> [dir]
//
// kinds:
//   bare          node:http answering {"name":"John Doe"} by hand — the floor
//   node-api      node:http + apiRoutes(dir, { basePath: '/api' })
//   express-hand  Express 5 with hand-written routes doing the same work as the fixtures
//   express-api   Express 5 + app.use('/api', apiRoutes(dir))
//   construct     no server: times apiRoutes(dir) construction (scan + sort + compile)
//
// Listens on 127.0.0.1, port 0, and reports { type: 'ready', port } over IPC.
// Answers { type: 'stats' } with its RSS and CPU time, so the parent can
// measure per-scenario memory and CPU per request without /proc.

const http = require('node:http');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '..');
const [kind, dirArg] = process.argv.slice(2);
const DEFAULT_DIR = path.join(__dirname, 'fixtures', 'pages', 'api');
const dir = dirArg || DEFAULT_DIR;

function send(message) {
  if (process.send) process.send(message);
}

// The parent goes away → so do we (never outlive the benchmark).
process.on('disconnect', () => process.exit(0));

process.on('message', (message) => {
  if (message && message.type === 'stats') {
    const { rss, heapUsed } = process.memoryUsage();
    send({ type: 'stats', id: message.id, rss, heapUsed, cpu: process.cpuUsage(), maxRSS: process.resourceUsage().maxRSS * 1024 });
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

function createServer() {
  switch (kind) {
    case 'bare': {
      return http.createServer((req, res) => {
        const body = JSON.stringify({ name: 'John Doe' });
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(body);
      });
    }
    case 'node-api': {
      const { apiRoutes } = loadLibrary();
      return http.createServer(apiRoutes(dir, { basePath: '/api', logger: silentLogger() }));
    }
    case 'express-hand': {
      const express = require('express');
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
      return http.createServer(app);
    }
    case 'express-api': {
      const express = require('express');
      const { apiRoutes } = loadLibrary();
      const app = express();
      app.use('/api', apiRoutes(dir, { logger: silentLogger() }));
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
  let routes = 0;
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    const mw = apiRoutes(dir, { logger: silentLogger() });
    times.push(performance.now() - t);
    routes = mw.routes.length;
  }
  send({ type: 'construct', requireMs: tRequire, firstMs: times[0], warmMs: times.slice(1), routes });
  // Stay alive until the parent disconnects, so it can read our stats if it wants to.
}

if (kind === 'construct') {
  construct();
} else {
  const server = createServer();
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    send({ type: 'ready', port: server.address().port });
  });
}
