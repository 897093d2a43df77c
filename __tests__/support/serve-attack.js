// A server for the attack suite, in a process of its own, so that a crash, a
// leak or a stalled event loop shows in this process and never in jest's.
// Uses the built package (dist/), as `node server.js` would in production.
//
//   node serve-attack.js '<json>'
//     hosts         ["express", "node"]: one server per host, both in this process
//     dir           the pages/api folder to mount
//     logger        "stderr" (default) | "throw" (every call throws) | "reject" (every call returns a rejected promise)
//     options       more apiRoutes() options (JSON only)
//     upstreamJson  mount express.json() before the folder (Express only)
//     bigFile       create a sparse 64 MiB file and export its path as ATTACK_BIG_FILE
//
// Prints one line of JSON on stdout: the port of each host. Answers IPC
// messages { id, cmd: 'stats' | 'gc' } with { id, stats }: memory, CPU time,
// bytes read from client sockets, open sockets, PBKDF2 calls, and the
// counters route files keep in globalThis.attackCounters.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const config = JSON.parse(process.argv[2] || '{}');

// Counted before the package loads: the package looks the function up on the
// module at call time, so every derivation (sync or async) goes through here.
let pbkdf2Calls = 0;
for (const name of ['pbkdf2Sync', 'pbkdf2']) {
  const original = crypto[name];
  crypto[name] = function countedPbkdf2(...args) {
    pbkdf2Calls += 1;
    return original.apply(this, args);
  };
}

globalThis.attackCounters = {};

if (config.bigFile) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'attack-')), 'big.bin');
  fs.writeFileSync(file, 'x');
  fs.truncateSync(file, 64 * 1024 * 1024); // sparse: no disk space, endless reads
  process.env.ATTACK_BIG_FILE = file;
  process.on('exit', () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
}

const { apiRoutes } = require('../../dist');

function line(level, args) {
  return `[${level}] ${args.map((a) => (a instanceof Error ? a.stack : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`;
}
const loggers = {
  stderr: { error: (...a) => process.stderr.write(line('error', a)), warn: (...a) => process.stderr.write(line('warn', a)) },
  throw: {
    error: () => {
      throw new Error('logger.error failed');
    },
    warn: () => {
      throw new Error('logger.warn failed');
    },
  },
  reject: { error: async () => Promise.reject(new Error('logger.error rejected')), warn: async () => Promise.reject(new Error('logger.warn rejected')) },
};

const logger = loggers[config.logger || 'stderr'];
const options = { dev: false, logger, ...config.options };

const servers = [];
let closedBytesRead = 0;
const sockets = new Set();

function track(server) {
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closedBytesRead += socket.bytesRead;
    });
  });
  servers.push(server);
  return server;
}

function expressServer() {
  const express = require('express');
  const app = express();
  if (config.upstreamJson) app.use(express.json());
  app.use('/api', apiRoutes(config.dir, options));
  app.use((req, res) => res.status(404).type('text').send(`host 404 for ${req.originalUrl}`));
  return track(http.createServer(app));
}

function nodeServer() {
  return track(http.createServer(apiRoutes(config.dir, { basePath: '/api', ...options })));
}

function stats() {
  let open = 0;
  for (const socket of sockets) open += socket.bytesRead;
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    cpuMs: (cpu.user + cpu.system) / 1000,
    bytesRead: closedBytesRead + open,
    openSockets: sockets.size,
    pbkdf2Calls,
    counters: { ...globalThis.attackCounters },
  };
}

process.on('message', (message) => {
  if (message.cmd === 'gc' && typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
  process.send({ id: message.id, stats: stats() });
});
process.on('disconnect', () => process.exit(0));

const hosts = config.hosts || ['express', 'node'];
const ports = {};
let pending = hosts.length;
for (const host of hosts) {
  const server = host === 'express' ? expressServer() : nodeServer();
  server.listen(0, '127.0.0.1', () => {
    ports[host] = server.address().port;
    if (--pending === 0) process.stdout.write(`${JSON.stringify(ports)}\n`);
  });
}
