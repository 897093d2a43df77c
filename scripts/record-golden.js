#!/usr/bin/env node
'use strict';
// Records a conformance golden file from real Next.js.
//
//   node scripts/record-golden.js                 the pages/api suite (conformance/)
//   node scripts/record-golden.js --suite app     the App Router suite (conformance/app-router/)
//   --no-build     pages suite: reuse the last build in .next-golden/ (fixtures unchanged)
//   --out <file>   write the golden file there instead (e.g. to compare two recordings)
//
// 1. The suite's gitignored scratch folder (.next-golden/ or .next-golden-app/) gets
//    its own package.json and `npm install next@16.4.6 react react-dom typescript
//    @types/*`. Next is never a dependency of next-api-express itself.
// 2. The suite's fixtures are copied in, with a default next.config.js.
// 3. `next build`, then `next start -H 127.0.0.1 -p <free port>` (production).
// 4. Every case of the suite's cases.json is sent with conformance/client.js and the
//    raw response is recorded (no normalisation: that belongs to conformance/compare.js).
//    App suite only: the server's output while a case ran (until it has been quiet
//    for SETTLE_MS after the answer) is recorded as the case's `log`, with the
//    scratch folder's path replaced by `<project>`; the build output and the port
//    are recorded too (request.url carries `localhost:<port>`).
// 5. The server is stopped by its PID, and the golden file is written with the
//    build's preview keys from .next/prerender-manifest.json.
// 6. App suite only: the fixtures are built a second time without `pages/` (an
//    App-Router-only project: Next's own 404/400/500 answers differ when pages/
//    exists) and served on the same port; every case that is not about pages/api
//    is replayed, and where the answer or the log differs (conformance/compare.js,
//    log lines compared without build-specific chunk names) the case gets
//    `withoutPages`: that answer and its log.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { runCase, runCases } = require('../conformance/client');
const project = require('./golden/project');
const { freePort, startServer, stopServer } = require('./golden/server');
const { formatGolden } = require('./golden/format');
const { compare, normaliseLogLine } = require('../conformance/compare');

const NEXT_VERSION = '16.4.6';
const ROOT = path.resolve(__dirname, '..');
const SETTLE_MS = 150;
const SETTLE_MAX_MS = 3000;

const SUITES = {
  pages: {
    work: path.join(ROOT, '.next-golden'),
    fixtures: path.join(ROOT, 'conformance', 'fixtures'),
    cases: path.join(ROOT, 'conformance', 'cases.json'),
    golden: path.join(ROOT, 'conformance', 'golden.json'),
    packages: [`next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'],
    perCaseLog: false,
  },
  app: {
    work: path.join(ROOT, '.next-golden-app'),
    fixtures: path.join(ROOT, 'conformance', 'app-router', 'fixtures'),
    cases: path.join(ROOT, 'conformance', 'app-router', 'cases.json'),
    golden: path.join(ROOT, 'conformance', 'app-router', 'golden.json'),
    packages: [`next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/react-dom', '@types/node'],
    perCaseLog: true,
    // Second build: the project without pages/, for the cases not about pages/api.
    withoutPages: { exclude: 'pages', skipSpec: 'pages/api runtime edge (issue 10)' },
  },
};

function parseArgs(argv) {
  const opts = { suite: 'pages', noBuild: false, out: null };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--no-build') opts.noBuild = true;
    else if (a === '--suite') opts.suite = argv[++i];
    else if (a === '--out') opts.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!SUITES[opts.suite]) throw new Error(`unknown suite ${opts.suite} (pages or app)`);
  return opts;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Output lines with the scratch folder's absolute path replaced by `<project>`. */
function projectLines(lines, work) {
  return lines.map((l) => l.split(work).join('<project>'));
}

/**
 * Run the cases one by one; each recorded response gets `log`: the server's
 * output from the moment the case was sent until it has been quiet for SETTLE_MS
 * after the answer (after() callbacks, stream errors, cancellations log late).
 */
async function runCasesWithLog(baseUrl, cases, server, work, previewModeId) {
  const responses = {};
  const output = server.output;
  for (const c of cases) {
    const from = output.lines.length;
    const recorded = await runCase(baseUrl, c, { previewModeId, responses });
    const answeredAt = Date.now();
    for (;;) {
      const now = Date.now();
      if (now - answeredAt >= SETTLE_MAX_MS) break;
      if (now - answeredAt >= SETTLE_MS && now - output.lastAt >= SETTLE_MS) break;
      await sleep(25);
    }
    output.flush();
    const lines = output.lines.slice(from).map(({ stream, line }) => [stream, line.split(work).join('<project>')]);
    responses[c.id] = { ...recorded, log: lines };
  }
  return responses;
}

/** Start next, run the cases (with per-case logs for the app suite), stop next. */
async function serveAndRun(suite, work, port, cases, previewModeId) {
  const server = await startServer(work, port);
  project.log(`next start ready on 127.0.0.1:${port} (pid ${server.pid})`);
  try {
    const base = `http://127.0.0.1:${port}`;
    return suite.perCaseLog
      ? await runCasesWithLog(base, cases, server, work, previewModeId)
      : await runCases(base, cases, { previewModeId });
  } finally {
    await stopServer(server);
    project.log(`server pid ${server.pid} stopped`);
  }
}

/**
 * Same answer as conformance/compare.js sees it, with build ids and Max-Age
 * cookie dates normalised, and the same log lines (chunk names aside).
 */
function sameAnswer(a, b, method, buildIds) {
  if (compare(a, b, { method, buildIds, relativeExpires: true }).length) return false;
  const lines = (r) => JSON.stringify((r.log || []).map(([stream, line]) => [stream, normaliseLogLine(line)]));
  return lines(a) === lines(b);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const suite = SUITES[opts.suite];
  const work = suite.work;
  const goldenFile = opts.out || suite.golden;
  const tAll = Date.now();
  const casesText = fs.readFileSync(suite.cases, 'utf8');
  const cases = JSON.parse(casesText);
  const ids = new Set();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    ids.add(c.id);
  }
  const timings = {};

  let t = Date.now();
  project.install(work, suite.packages, 'Scratch Next.js app for scripts/record-golden.js');
  timings.installSeconds = project.since(t);

  t = Date.now();
  let buildOutput = null;
  const buildMarker = path.join(work, '.next', 'recorded-variant');
  if (opts.noBuild && fs.existsSync(buildMarker) && fs.readFileSync(buildMarker, 'utf8') === 'full') {
    project.log(`--no-build: reusing ${path.basename(work)}/.next`);
    const logFile = path.join(work, 'build.log');
    if (fs.existsSync(logFile)) buildOutput = fs.readFileSync(logFile, 'utf8');
  } else {
    project.copyFixtures(suite.fixtures, work);
    project.log('next build (Turbopack, a few minutes on 2 cores) ...');
    buildOutput = project.build(work);
    fs.writeFileSync(buildMarker, 'full');
  }
  timings.buildSeconds = project.since(t);
  project.log(`build done in ${timings.buildSeconds}s`);

  const preview = project.readPreview(work);
  const buildId = project.readBuildId(work);
  const port = await freePort();
  t = Date.now();
  const responses = await serveAndRun(suite, work, port, cases, preview.previewModeId);
  timings.replaySeconds = project.since(t);

  let withoutPagesBuild = null;
  if (suite.withoutPages) {
    t = Date.now();
    const { exclude, skipSpec } = suite.withoutPages;
    fs.rmSync(path.join(work, exclude), { recursive: true, force: true });
    project.log(`next build without ${exclude}/ ...`);
    project.build(work);
    fs.writeFileSync(buildMarker, `without ${exclude}`);
    const variantPreview = project.readPreview(work);
    withoutPagesBuild = { buildId: project.readBuildId(work), preview: variantPreview };
    const subset = cases.filter((c) => c.spec !== skipSpec);
    const other = await serveAndRun(suite, work, port, subset, variantPreview.previewModeId);
    let differing = 0;
    for (const c of subset) {
      const asIfSameBuild = JSON.parse(JSON.stringify(other[c.id]).split(variantPreview.previewModeId).join(preview.previewModeId));
      if (!sameAnswer(responses[c.id], asIfSameBuild, c.method, { expected: buildId, actual: withoutPagesBuild.buildId })) {
        responses[c.id].withoutPages = other[c.id];
        differing += 1;
      }
    }
    timings.withoutPagesSeconds = project.since(t);
    project.log(`without ${exclude}/: ${differing} of ${subset.length} cases answered differently`);
  }
  timings.totalSeconds = project.since(tAll);

  const golden = {
    next: project.installedVersion(work, 'next'),
    node: process.version,
    recordedAt: new Date().toISOString(),
    casesSha256: crypto.createHash('sha256').update(casesText).digest('hex'),
    timings,
    ...(suite.perCaseLog ? { port } : {}),
    ...(suite.perCaseLog ? { buildId } : {}),
    preview,
    ...(withoutPagesBuild ? { withoutPagesBuild } : {}),
    ...(suite.perCaseLog && buildOutput !== null ? { build: projectLines(buildOutput.trimEnd().split('\n'), work) } : {}),
    responses,
  };
  fs.writeFileSync(goldenFile, formatGolden(golden));
  const timeouts = Object.values(responses).filter((r) => r.timeout).length;
  project.log(`wrote ${path.relative(ROOT, goldenFile)}: ${cases.length} cases (${timeouts} timed out) in ${timings.totalSeconds}s`);
}

main().catch((err) => {
  console.error('[record-golden]', err && err.stack ? err.stack : err);
  process.exit(1);
});
