#!/usr/bin/env node
'use strict';
// Records conformance/golden.json from real Next.js.
//
//   node scripts/record-golden.js            install (if needed), build, start, replay, write
//   node scripts/record-golden.js --no-build reuse the last build in .next-golden/ (faster
//                                            while editing cases; fixtures must be unchanged)
//
// 1. .next-golden/ (gitignored) gets its own package.json and
//    `npm install next@16.4.6 react react-dom typescript @types/react @types/node`
//    (typescript because the fixtures include a .ts handler). Next is never a
//    dependency of next-api-express itself.
// 2. conformance/fixtures/ (pages/api/**, lib/, tsconfig.json) is copied in, with a
//    default next.config.js.
// 3. `next build`, then `next start -H 127.0.0.1 -p <free port>` (production).
// 4. Every case of conformance/cases.json is sent with conformance/client.js and the
//    raw response is recorded (no normalisation: that belongs to conformance/compare.js).
// 5. The server is stopped by its PID, and conformance/golden.json is written with
//    the build's preview keys from .next/prerender-manifest.json.

const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const crypto = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');
const { runCases } = require('../conformance/client');

const NEXT_VERSION = '16.4.6';
const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.next-golden');
const FIXTURES = path.join(ROOT, 'conformance', 'fixtures');
const CASES_FILE = path.join(ROOT, 'conformance', 'cases.json');
const GOLDEN_FILE = path.join(ROOT, 'conformance', 'golden.json');
const PACKAGES = [`next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'];

const args = new Set(process.argv.slice(2));
const noBuild = args.has('--no-build');

function log(...a) {
  console.log('[record-golden]', ...a);
}

function since(t0) {
  return Math.round((Date.now() - t0) / 100) / 10;
}

function run(cmd, cmdArgs, logFile) {
  log('$', cmd, cmdArgs.join(' '));
  const r = spawnSync(cmd, cmdArgs, {
    cwd: WORK,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: undefined },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = (r.stdout || '') + (r.stderr || '');
  if (logFile) fs.writeFileSync(path.join(WORK, logFile), out);
  if (r.status !== 0) {
    process.stderr.write(out);
    throw new Error(`${cmd} ${cmdArgs.join(' ')} failed with exit code ${r.status}`);
  }
  return out;
}

function installedVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(WORK, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function install() {
  fs.mkdirSync(WORK, { recursive: true });
  const pkgFile = path.join(WORK, 'package.json');
  const pkg = { name: 'next-golden', private: true, description: 'Scratch Next.js app for scripts/record-golden.js' };
  if (!fs.existsSync(pkgFile)) fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
  const ok = installedVersion('next') === NEXT_VERSION && PACKAGES.slice(1).every((p) => installedVersion(p));
  if (ok) {
    log(`next@${NEXT_VERSION} already installed in .next-golden/`);
    return;
  }
  run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...PACKAGES], 'install.log');
  const v = installedVersion('next');
  if (v !== NEXT_VERSION) throw new Error(`expected next@${NEXT_VERSION}, installed ${v}`);
}

function copyFixtures() {
  for (const entry of fs.readdirSync(FIXTURES)) {
    fs.rmSync(path.join(WORK, entry), { recursive: true, force: true });
    fs.cpSync(path.join(FIXTURES, entry), path.join(WORK, entry), { recursive: true });
  }
  // Defaults (production, compress: true, trailingSlash: false, Turbopack build);
  // only the workspace root is pinned, so that Turbopack does not adopt this
  // repository (its package-lock.json is one level up) as the project root.
  fs.writeFileSync(path.join(WORK, 'next.config.js'), 'module.exports = { turbopack: { root: __dirname } };\n');
}

function build() {
  fs.rmSync(path.join(WORK, '.next'), { recursive: true, force: true });
  run(process.execPath, [path.join(WORK, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], 'build.log');
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

async function startServer(port) {
  const logStream = fs.createWriteStream(path.join(WORK, 'server.log'));
  const child = spawn(
    process.execPath,
    [path.join(WORK, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: WORK,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so stopping it by PID also stops any worker it forks
    },
  );
  child.stdout.pipe(logStream);
  child.stderr.pipe(logStream);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const t0 = Date.now();
  while (Date.now() - t0 < 60000) {
    if (exited) throw new Error(`next start exited early (${JSON.stringify(exited)}); see .next-golden/server.log`);
    if (await probe(port)) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  stopServer(child);
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

function readPreview() {
  const manifest = JSON.parse(fs.readFileSync(path.join(WORK, '.next', 'prerender-manifest.json'), 'utf8'));
  const { previewModeId, previewModeSigningKey, previewModeEncryptionKey } = manifest.preview || {};
  if (!previewModeId || !previewModeSigningKey || !previewModeEncryptionKey) {
    throw new Error('prerender-manifest.json has no preview keys');
  }
  return { previewModeId, previewModeSigningKey, previewModeEncryptionKey };
}

// JSON with one line per header pair, so that diffs of the golden file stay readable.
function formatGolden(golden) {
  const { responses, ...meta } = golden;
  const head = JSON.stringify(meta, null, 2).replace(/\n}$/, '');
  const entries = Object.entries(responses).map(([id, r]) => {
    const fields = Object.entries(r).map(([k, v]) => {
      if (k === 'headers') {
        const lines = v.map((pair) => '        ' + JSON.stringify(pair)).join(',\n');
        return v.length ? `      "headers": [\n${lines}\n      ]` : '      "headers": []';
      }
      return `      ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
    });
    return `    ${JSON.stringify(id)}: {\n${fields.join(',\n')}\n    }`;
  });
  return `${head},\n  "responses": {\n${entries.join(',\n')}\n  }\n}\n`;
}

async function main() {
  const tAll = Date.now();
  const casesText = fs.readFileSync(CASES_FILE, 'utf8');
  const cases = JSON.parse(casesText);
  const ids = new Set();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    ids.add(c.id);
  }
  const timings = {};

  let t = Date.now();
  install();
  timings.installSeconds = since(t);

  t = Date.now();
  if (noBuild && fs.existsSync(path.join(WORK, '.next', 'BUILD_ID'))) {
    log('--no-build: reusing .next-golden/.next');
  } else {
    copyFixtures();
    log('next build (Turbopack, a few minutes on 2 cores) ...');
    build();
  }
  timings.buildSeconds = since(t);
  log(`build done in ${timings.buildSeconds}s`);

  const preview = readPreview();
  const port = await freePort();
  t = Date.now();
  const server = await startServer(port);
  log(`next start ready on 127.0.0.1:${port} (pid ${server.pid})`);
  let responses;
  try {
    responses = await runCases(`http://127.0.0.1:${port}`, cases, { previewModeId: preview.previewModeId });
  } finally {
    await stopServer(server);
    log(`server pid ${server.pid} stopped`);
  }
  timings.replaySeconds = since(t);
  timings.totalSeconds = since(tAll);

  const golden = {
    next: installedVersion('next'),
    node: process.version,
    recordedAt: new Date().toISOString(),
    casesSha256: crypto.createHash('sha256').update(casesText).digest('hex'),
    timings,
    preview,
    responses,
  };
  fs.writeFileSync(GOLDEN_FILE, formatGolden(golden));
  const timeouts = Object.values(responses).filter((r) => r.timeout).length;
  log(`wrote ${path.relative(ROOT, GOLDEN_FILE)}: ${cases.length} cases (${timeouts} timed out) in ${timings.totalSeconds}s`);
}

main().catch((err) => {
  console.error('[record-golden]', err && err.stack ? err.stack : err);
  process.exit(1);
});
