'use strict';
// The scratch Next.js project a golden recording is made in: install next (never
// a dependency of next-api-express), copy the fixtures in, build, read the keys.
// Every function takes the scratch folder (`work`) so both suites share them.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

function log(...a) {
  console.log('[record-golden]', ...a);
}

function since(t0) {
  return Math.round((Date.now() - t0) / 100) / 10;
}

/** Run a command in `work`; its output goes to `work/<logFile>`; throws on a non-zero exit. */
function run(work, cmd, cmdArgs, logFile) {
  log('$', cmd, cmdArgs.join(' '));
  const r = spawnSync(cmd, cmdArgs, {
    cwd: work,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: undefined },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = (r.stdout || '') + (r.stderr || '');
  if (logFile) fs.writeFileSync(path.join(work, logFile), out);
  if (r.status !== 0) {
    process.stderr.write(out);
    throw new Error(`${cmd} ${cmdArgs.join(' ')} failed with exit code ${r.status}`);
  }
  return out;
}

function installedVersion(work, name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(work, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/**
 * `npm install` the packages into `work` unless they are there already.
 * packages[0] must be `next@<version>`.
 */
function install(work, packages, description) {
  fs.mkdirSync(work, { recursive: true });
  const pkgFile = path.join(work, 'package.json');
  if (!fs.existsSync(pkgFile)) {
    const pkg = { name: path.basename(work).replace(/^\./, ''), private: true, description };
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
  }
  const nextVersion = packages[0].split('@').pop();
  const bare = (spec) => spec.replace(/(.)@.*$/, '$1');
  const ok = installedVersion(work, 'next') === nextVersion && packages.slice(1).every((p) => installedVersion(work, bare(p)));
  if (ok) {
    log(`next@${nextVersion} already installed in ${path.basename(work)}/`);
    return;
  }
  run(work, 'npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...packages], 'install.log');
  const v = installedVersion(work, 'next');
  if (v !== nextVersion) throw new Error(`expected next@${nextVersion}, installed ${v}`);
}

/**
 * Copy every top-level entry of `fixtures` into `work` (replacing the previous
 * copy, so deleted fixture files disappear), plus a default next.config.js.
 */
function copyFixtures(fixtures, work) {
  for (const entry of fs.readdirSync(fixtures)) {
    fs.rmSync(path.join(work, entry), { recursive: true, force: true });
    fs.cpSync(path.join(fixtures, entry), path.join(work, entry), { recursive: true });
  }
  // Defaults (production, compress: true, trailingSlash: false, Turbopack build);
  // only the workspace root is pinned, so that Turbopack does not adopt this
  // repository (its package-lock.json is one level up) as the project root.
  fs.writeFileSync(path.join(work, 'next.config.js'), 'module.exports = { turbopack: { root: __dirname } };\n');
}

/** `next build` from scratch; returns its output (also in work/build.log). */
function build(work) {
  fs.rmSync(path.join(work, '.next'), { recursive: true, force: true });
  return run(work, process.execPath, [path.join(work, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], 'build.log');
}

function readPreview(work) {
  const manifest = JSON.parse(fs.readFileSync(path.join(work, '.next', 'prerender-manifest.json'), 'utf8'));
  const { previewModeId, previewModeSigningKey, previewModeEncryptionKey } = manifest.preview || {};
  if (!previewModeId || !previewModeSigningKey || !previewModeEncryptionKey) {
    throw new Error('prerender-manifest.json has no preview keys');
  }
  return { previewModeId, previewModeSigningKey, previewModeEncryptionKey };
}

function readBuildId(work) {
  return fs.readFileSync(path.join(work, '.next', 'BUILD_ID'), 'utf8').trim();
}

module.exports = { log, since, run, installedVersion, install, copyFixtures, build, readPreview, readBuildId };
