'use strict';
// `next start` for a golden recording: a free port, start, wait until it answers,
// collect its output (whole, and per case), stop it by PID.

const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const { spawn } = require('node:child_process');

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

function probe(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/__record_golden_probe', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(true));
    });
    req.on('error', () => resolve(false));
    req.setTimeout(5000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

/**
 * The server's output as a list of { stream, line } in arrival order, with the
 * time of the last arrival, so that the recorder can cut it per case.
 */
function outputCollector() {
  const lines = [];
  const partial = { stdout: '', stderr: '' };
  const state = { lines, lastAt: 0 };
  state.feed = (stream, chunk) => {
    state.lastAt = Date.now();
    const text = partial[stream] + chunk.toString('utf8');
    const parts = text.split('\n');
    partial[stream] = parts.pop();
    for (const line of parts) lines.push({ stream, line });
  };
  /** Flush unterminated output (a line without its newline yet). */
  state.flush = () => {
    for (const stream of ['stdout', 'stderr']) {
      if (partial[stream]) lines.push({ stream, line: partial[stream] });
      partial[stream] = '';
    }
  };
  return state;
}

/**
 * Start `next start -H 127.0.0.1 -p <port>` in `work`; resolves to the child
 * process (with `.output`, an outputCollector) once a request gets an answer.
 */
async function startServer(work, port) {
  const logStream = fs.createWriteStream(path.join(work, 'server.log'));
  const child = spawn(
    process.execPath,
    [path.join(work, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: work,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so stopping it by PID also stops any worker it forks
    },
  );
  const output = outputCollector();
  child.output = output;
  for (const stream of ['stdout', 'stderr']) {
    child[stream].on('data', (d) => {
      logStream.write(d);
      output.feed(stream, d);
    });
  }
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const t0 = Date.now();
  while (Date.now() - t0 < 60000) {
    if (exited) throw new Error(`next start exited early (${JSON.stringify(exited)}); see ${path.basename(work)}/server.log`);
    if (await probe(port)) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopServer(child);
  throw new Error('next start did not become ready within 60 s');
}

function stopServer(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid, 'SIGTERM'); // the process group of the server we started
    } catch {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        resolve();
      }
    }
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }, 5000).unref();
  });
}

module.exports = { freePort, startServer, stopServer };
