// Conformance: replays conformance/cases.json against the middleware on three
// hosts and compares every response with conformance/golden.json, which was
// recorded from real `next build && next start` (next@16.4.6) by
// scripts/record-golden.js. Differences are allowed only where
// conformance/differences.json lists them (the deliberate differences of docs/design.md).
//
// Cases whose headers use `{{cookie:<caseId>:<name>}}` run twice per host: with the
// cookie this host set in the earlier case, and with the cookie Next set (from the
// golden file), which proves the preview cookies are interchangeable.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { apiRoutes } from '../lib';
import { memoryLogger, type MemoryLogger } from './support';
import { conformanceClient, conformanceCompare, type Case, type DifferenceEntry, type Diff, type Recorded } from './support/conformance-suite';

interface Golden {
  next: string;
  recordedAt: string;
  casesSha256: string;
  preview: { previewModeId: string; previewModeSigningKey: string; previewModeEncryptionKey: string };
  responses: Record<string, Recorded>;
}

const client = conformanceClient;
const { compare, isAllowed, formatDiffs } = conformanceCompare;

const ROOT = join(__dirname, '..');
const FIXTURE_DIR = join(ROOT, 'conformance', 'fixtures', 'pages', 'api');
const casesText = readFileSync(join(ROOT, 'conformance', 'cases.json'), 'utf8');
const cases = JSON.parse(casesText) as Case[];
const golden = JSON.parse(readFileSync(join(ROOT, 'conformance', 'golden.json'), 'utf8')) as Golden;
const differences = JSON.parse(readFileSync(join(ROOT, 'conformance', 'differences.json'), 'utf8')) as DifferenceEntry[];
type HostName = 'express5' | 'express4' | 'node';
const HOSTS: HostName[] = ['express5', 'express4', 'node'];

// Entries for one case, plus entries with caseId "*" (every case).
const entriesFor = (caseId: string, host: HostName): DifferenceEntry[] =>
  differences.filter((d) => (d.caseId === caseId || d.caseId === '*') && (!d.hosts || d.hosts.includes(host)));

function makeServer(host: HostName, logger: MemoryLogger): Server {
  const options = { preview: golden.preview, logger, dev: false };
  if (host === 'node') return createServer(apiRoutes(FIXTURE_DIR, { ...options, basePath: '/api' }));
  const express = require(host === 'express5' ? 'express' : 'express4');
  const app = express();
  // Express's own header, set before any middleware; an app that wants Next's
  // exact headers turns it off, as README "Differences from Next.js" says.
  app.disable('x-powered-by');
  app.use('/api', apiRoutes(FIXTURE_DIR, options));
  return createServer(app);
}

/** Bodies that are JSON and equal once the listed top-level keys are removed. */
function jsonEqualIgnoring(expected: Recorded, actual: Recorded, keys: string[]): boolean {
  const parse = (r: Recorded): unknown => {
    try {
      return typeof r.body === 'string' ? JSON.parse(r.body) : undefined;
    } catch {
      return undefined;
    }
  };
  const e = parse(expected);
  const a = parse(actual);
  if (!e || !a || typeof e !== 'object' || typeof a !== 'object') return false;
  const strip = (o: object): string =>
    JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k))));
  return strip(e) === strip(a);
}

/** Differences not covered by differences.json; plus whether any difference was seen at all. */
function unexpected(c: Case, host: HostName, actual: Recorded): { all: Diff[]; left: Diff[] } {
  const expected = golden.responses[c.id];
  const all = compare(expected, actual, { method: c.method });
  const entries = entriesFor(c.id, host);
  let left = all.filter((d) => !entries.some((entry) => isAllowed(d, entry, host)));
  const ignoreKeys = entries.flatMap((entry) => entry.ignoreJsonKeys ?? []);
  if (ignoreKeys.length && jsonEqualIgnoring(expected, actual, ignoreKeys)) {
    // The body differs only in the ignored keys; ETag and Content-Length follow the body.
    left = left.filter((d) => !['body', 'header:etag', 'header:content-length'].includes(d.field));
  }
  return { all, left };
}

const summary: Record<string, { identical: number; allowed: number; failing: string[]; total: number; logLines: number }> = {};
const identicalEverywhere = new Map<string, number>();

test('golden.json was recorded from the current cases.json', () => {
  const sha = createHash('sha256').update(casesText).digest('hex');
  if (sha !== golden.casesSha256) {
    throw new Error('conformance/cases.json changed since golden.json was recorded: run `node scripts/record-golden.js`');
  }
  expect(Object.keys(golden.responses)).toEqual(cases.map((c) => c.id));
  for (const entry of differences) {
    if (entry.caseId !== '*') expect(cases.map((c) => c.id)).toContain(entry.caseId);
    expect(typeof entry.reason).toBe('string');
    for (const h of entry.hosts ?? []) expect(HOSTS).toContain(h);
  }
});

describe.each(HOSTS)('conformance with Next %s', (host) => {
  const logger = memoryLogger();
  let server: Server;
  let base: string;
  const responses: Record<string, Recorded> = {};
  const stats = { identical: 0, allowed: 0, failing: [] as string[], total: 0, logLines: 0 };
  summary[host] = stats;

  beforeAll(async () => {
    server = makeServer(host, logger);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    stats.logLines = logger.lines.length;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const runs: Array<{ c: Case; label: string; fromNext: boolean }> = [];
  for (const c of cases) {
    runs.push({ c, label: `${c.id} (${c.spec}) ${c.method} ${c.path}`, fromNext: false });
    if (client.usesCookiePlaceholder(c)) {
      runs.push({ c, label: `${c.id} with the cookies Next set`, fromNext: true });
    }
  }

  test.each(runs)('$label', async ({ c, fromNext }) => {
    const actual = await client.runCase(base, c, {
      previewModeId: golden.preview.previewModeId,
      responses: fromNext ? golden.responses : responses,
    });
    if (!fromNext) responses[c.id] = actual;
    const { all, left } = unexpected(c, host, actual);
    stats.total += 1;
    if (all.length === 0) stats.identical += 1;
    else if (left.length === 0) stats.allowed += 1;
    else stats.failing.push(fromNext ? `${c.id}(next cookies)` : c.id);
    if (all.length === 0 && !fromNext) identicalEverywhere.set(c.id, (identicalEverywhere.get(c.id) ?? 0) + 1);
    if (left.length) throw new Error(`${formatDiffs(c.id, left)}\n(${host}; not listed in conformance/differences.json)`);
  });
});

afterAll(() => {
  const lines = HOSTS.map((h) => {
    const s = summary[h];
    return `conformance ${h}: ${s.identical}/${s.total} identical to next@${golden.next}, ${s.allowed} deliberate differences, ${s.failing.length} unexpected${s.failing.length ? ` (${s.failing.slice(0, 12).join(', ')}${s.failing.length > 12 ? ', …' : ''})` : ''}`;
  });
  const stale = differences
    .filter((d) => d.caseId !== '*' && (identicalEverywhere.get(d.caseId) ?? 0) >= (d.hosts?.length ?? HOSTS.length))
    .map((d) => d.caseId);
  if (stale.length) lines.push(`conformance: differences.json entries now identical on every host: ${stale.join(', ')}`);
  process.stdout.write(lines.join('\n') + '\n');
});
