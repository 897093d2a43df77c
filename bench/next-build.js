#!/usr/bin/env node
'use strict';
// `node bench/next-build.js`: the Next.js side of the bench's `next start` rows.
//
// Makes the gitignored scratch folder .next-bench/ with one `npm install` of
// next@16.4.6, react, react-dom, typescript and the @types Next wants for .ts
// files (never dependencies of next-api-express), and two Next projects using it:
//   .next-bench/pages-router/pages/api  = bench/fixtures/pages/api
//   .next-bench/app-router/app/api      = bench/fixtures/app/api
// Two projects, because the fixtures are twins on the same URLs (/api/hello,
// /api/echo-body): Next refuses a build where a page and a route handler clash.
// Each is `next build`-ed (Turbopack, production) so that bench/run.js can
// `next start` it and request the same URLs it requests from our servers.
//
// Idempotent: a project's build is kept while the hash of what went into it
// (fixture files, Next version, packages, next.config.js) is unchanged; the
// install is kept while the packages are there (scripts/golden/project.js).
//
// Usage: node bench/next-build.js [--force]     (--force: rebuild even if current)
// Outputs: .next-bench/install.log, .next-bench/<project>/build.log.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.next-bench');
const FIXTURES = path.join(__dirname, 'fixtures');
/** The version the conformance goldens are recorded from (scripts/record-golden.js). */
const NEXT_VERSION = '16.4.6';
const PACKAGES = [`next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'];
const NEXT_BIN = path.join(WORK, 'node_modules', 'next', 'dist', 'bin', 'next');
const COMMAND = 'node bench/next-build.js';

// The install is one folder up from each project: Turbopack resolves packages
// only inside its root, so the root is pinned to .next-bench/ (otherwise it
// would also find this repository's package-lock.json and might adopt it).
const NEXT_CONFIG = "module.exports = { turbopack: { root: require('node:path').join(__dirname, '..') } };\n";

/** name → { dir: the Next project, fixtures: the folder copied into it as `copyAs` } */
const PROJECTS = {
  pages: { dir: path.join(WORK, 'pages-router'), fixtures: path.join(FIXTURES, 'pages'), copyAs: 'pages' },
  app: { dir: path.join(WORK, 'app-router'), fixtures: path.join(FIXTURES, 'app'), copyAs: 'app' },
};

/** The build's record of what it was made from, beside BUILD_ID. */
const stampFile = (project) => path.join(project.dir, '.next', 'bench-inputs.sha256');

/** Every file under `dir` as [relative path with '/', absolute path], sorted by relative path. */
function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(abs, rel));
    else out.push([rel, abs]);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * SHA-256 over the file names and contents under `dir`, and `extra` strings
 * (versions, config). Names and contents are length-prefixed, so no two
 * different trees hash alike by moving bytes between a name and a file.
 */
function inputsHash(dir, extra = []) {
  const hash = crypto.createHash('sha256');
  const field = (buf) => {
    hash.update(`${buf.length}:`);
    hash.update(buf);
  };
  for (const s of extra) field(Buffer.from(s));
  for (const [rel, abs] of listFiles(dir)) {
    field(Buffer.from(rel));
    field(fs.readFileSync(abs));
  }
  return hash.digest('hex');
}

const projectHash = (project) => inputsHash(project.fixtures, [project.copyAs, ...PACKAGES, NEXT_CONFIG]);

/** Why `next start` cannot serve the bench's `name` project ('pages' or 'app'); undefined when it can. */
function buildStatus(name) {
  const project = PROJECTS[name];
  if (!fs.existsSync(NEXT_BIN)) return `no Next install in .next-bench/ (${COMMAND} makes one)`;
  if (!fs.existsSync(path.join(project.dir, '.next', 'BUILD_ID'))) return `no next build of bench/fixtures/${name} (${COMMAND} makes one)`;
  let stamp = '';
  try {
    stamp = fs.readFileSync(stampFile(project), 'utf8').trim();
  } catch {
    /* no stamp: an unfinished build */
  }
  if (stamp !== projectHash(project)) return `the next build of bench/fixtures/${name} is out of date (${COMMAND} rebuilds it)`;
  return undefined;
}

function main() {
  const force = process.argv.includes('--force');
  const unknown = process.argv.slice(2).filter((a) => a !== '--force');
  if (unknown.length) {
    console.error(`next-build: unknown argument ${unknown[0]} (usage: ${COMMAND} [--force])`);
    process.exit(2);
  }
  // The scratch-project helpers of scripts/record-golden.js: install when missing, run with logs.
  const golden = require('../scripts/golden/project');
  const t0 = Date.now();
  golden.install(WORK, PACKAGES, `Scratch Next.js install for ${COMMAND} (the next start rows of npm run bench)`);
  console.log(`[next-build] install: ${golden.since(t0)} s`);
  for (const [name, project] of Object.entries(PROJECTS)) {
    if (!force && !buildStatus(name)) {
      console.log(`[next-build] ${path.relative(ROOT, project.dir)}: build is current (bench/fixtures/${name} unchanged)`);
      continue;
    }
    const t = Date.now();
    fs.rmSync(project.dir, { recursive: true, force: true });
    fs.mkdirSync(project.dir, { recursive: true });
    fs.cpSync(project.fixtures, path.join(project.dir, project.copyAs), { recursive: true });
    fs.writeFileSync(path.join(project.dir, 'next.config.js'), NEXT_CONFIG);
    fs.writeFileSync(path.join(project.dir, 'package.json'), JSON.stringify({ name: `bench-${name}`, private: true }, null, 2) + '\n');
    // The hash of what was copied, taken before the build: a fixture edited meanwhile makes it stale.
    const hash = projectHash(project);
    golden.run(project.dir, process.execPath, [NEXT_BIN, 'build'], 'build.log');
    fs.writeFileSync(stampFile(project), `${hash}\n`);
    console.log(`[next-build] ${path.relative(ROOT, project.dir)}: next build in ${golden.since(t)} s`);
  }
  console.log(`[next-build] done in ${golden.since(t0)} s; node bench/run.js now runs the next start rows`);
}

module.exports = { WORK, NEXT_VERSION, NEXT_BIN, PROJECTS, COMMAND, inputsHash, buildStatus };

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`[next-build] ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  }
}
