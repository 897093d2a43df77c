// App Router conformance: replays conformance/app-router/cases.json against
// appRoutes() (and apiRoutes() for the edge pages/api routes of the same
// fixture project) on three hosts, and against the whole project through
// projectRoutes() on Express 5, and compares every response with
// conformance/app-router/golden.json, recorded from real `next build && next
// start` (next@16.4.6) by `node scripts/record-golden.js --suite app`.
// Differences are allowed only where conformance/app-router/differences.json
// lists them (the deliberate differences of docs/design.md), with a reason.
//
// - The expected answer of an App Router case is the one Next gives in a
//   project without pages/ (the golden's `withoutPages`, where it differs):
//   appRoutes() serves an App Router folder, and Next's answers only differ
//   there by which of its own error pages it renders. On the `project` host
//   (projectRoutes(), pages/ and app/ together) it is the answer Next gave
//   with pages/, as recorded.
// - The servers run in child processes (conformance/app-router/replay-server.js,
//   on the built dist/): Web handlers must meet the Fetch classes of Node's
//   main realm, as in production, not a jest sandbox's second realm.
// - Ports are normalised (compare.js `ports`), and so is an `Expires` that is
//   Date + Max-Age (`relativeExpires`).
// - The server log is compared too: the first line of every entry Next
//   printed (`⨯ Error: ...`, `after()` failures, deprecation warnings, the
//   fixtures' own console.log lines) must be printed here, in order.
// - Cases whose headers use `{{cookie:<caseId>:<name>}}` run twice per host:
//   with the cookie this host set, and with the one Next set.
import { createHash } from 'node:crypto';
import { inflateSync, gunzipSync } from 'node:zlib';
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceClient, conformanceCompare, type Case, type DifferenceEntry, type Diff, type Recorded } from './support/conformance-suite';

interface Golden {
  next: string;
  casesSha256: string;
  port: number;
  preview: { previewModeId: string; previewModeSigningKey: string; previewModeEncryptionKey: string };
  responses: Record<string, Recorded>;
}

const client = conformanceClient;
const { compare, isAllowed, formatDiffs, normaliseLogLine } = conformanceCompare;

const ROOT = join(__dirname, '..');
const SUITE = join(ROOT, 'conformance', 'app-router');
const FIXTURES = join(SUITE, 'fixtures');
const casesText = readFileSync(join(SUITE, 'cases.json'), 'utf8');
const cases = JSON.parse(casesText) as Case[];
const golden = JSON.parse(readFileSync(join(SUITE, 'golden.json'), 'utf8')) as Golden;
const differences = JSON.parse(readFileSync(join(SUITE, 'differences.json'), 'utf8')) as DifferenceEntry[];
type HostName = 'express5' | 'express4' | 'node' | 'project';
/** `project`: the whole fixture project through projectRoutes() on Express 5, compared with Next's answers with pages/. */
const HOSTS: HostName[] = ['express5', 'express4', 'node', 'project'];
/** Cases about pages/api edge routes: answered by apiRoutes(), compared with the full project's answer. */
const PAGES_SPEC = 'pages/api runtime edge (issue 10)';

const entriesFor = (caseId: string, host: HostName): DifferenceEntry[] =>
  differences.filter((d) => (d.caseId === caseId || d.caseId === '*') && (!d.hosts || d.hosts.includes(host)));

/**
 * What Next answered for this case in the project the package's mount
 * corresponds to: the project with pages/ for projectRoutes(), the one
 * without for appRoutes() alone.
 */
function expectedFor(c: Case, host: HostName): Recorded {
  const recorded = golden.responses[c.id];
  return host !== 'project' && c.spec !== PAGES_SPEC && recorded.withoutPages ? recorded.withoutPages : recorded;
}

type ServerMessage = { port: number } | { marked: string } | { log: string; mark: string | null };

/** One host's replay server (a child process) and the log lines it sent, by case. */
class ReplayServer {
  readonly child: ChildProcess;
  readonly logs = new Map<string, string[]>();
  private readonly waiting = new Map<string, () => void>();
  readonly port: Promise<number>;

  constructor(host: HostName) {
    this.child = fork(join(SUITE, 'replay-server.js'), [host, JSON.stringify(golden.preview)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.port = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('exit', (code) => reject(new Error(`replay server exited (${code})`)));
      this.child.on('message', (message: ServerMessage) => {
        if ('port' in message) resolve(message.port);
        else if ('marked' in message) this.waiting.get(message.marked)?.();
        else if (message.mark !== null) {
          const lines = this.logs.get(message.mark) ?? [];
          lines.push(...message.log.split('\n'));
          this.logs.set(message.mark, lines);
        }
      });
    });
  }

  /** From now on the server's log lines belong to `id`; resolves once every earlier line has arrived. */
  mark(id: string): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.set(id, () => {
        this.waiting.delete(id);
        resolve();
      });
      this.child.send({ mark: id });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.send({ stop: true });
    });
  }
}

/** A recorded answer with text replaced in header values and a text body. */
function replaced(recorded: Recorded, replacements: Array<[string, string]>): Recorded {
  if (!replacements.length || !Array.isArray(recorded.headers)) return recorded;
  const apply = (text: string): string => replacements.reduce((t, [from, to]) => t.split(from).join(to), text);
  const out: Recorded = { ...recorded, headers: (recorded.headers as Array<[string, string]>).map(([k, v]) => [k, apply(v)]) };
  if (typeof recorded.body === 'string') out.body = apply(recorded.body);
  return out;
}

/** Next's answer as it was before its compression middleware: body inflated, no Content-Encoding. */
function uncompressed(recorded: Recorded): Recorded {
  const headers = (recorded.headers ?? []) as Array<[string, string]>;
  const encoding = headers.find(([k]) => k.toLowerCase() === 'content-encoding')?.[1];
  if (!encoding || typeof recorded.bodyBase64 !== 'string') return recorded;
  const raw = Buffer.from(recorded.bodyBase64, 'base64');
  const body = encoding === 'gzip' ? gunzipSync(raw) : inflateSync(raw);
  const { bodyBase64: _dropped, ...rest } = recorded;
  const text = body.toString('utf8');
  const encoded = Buffer.from(text, 'utf8').equals(body) ? { body: text } : { bodyBase64: body.toString('base64') };
  return { ...rest, ...encoded, headers: headers.filter(([k]) => k.toLowerCase() !== 'content-encoding') };
}

/** A JSON body without the given top-level keys (unchanged when not JSON). */
function withoutJsonKeys(recorded: Recorded, keys: string[]): Recorded {
  if (!keys.length || typeof recorded.body !== 'string') return recorded;
  try {
    const value = JSON.parse(recorded.body) as Record<string, unknown>;
    for (const key of keys) delete value[key];
    return { ...recorded, body: JSON.stringify(value) };
  } catch {
    return recorded;
  }
}

/**
 * The first line of each entry of a log: no stack frames, causes or closing
 * braces. Node's own errors print their code in the first line
 * (`RangeError [ERR_X]: ...`); Next's source-mapped stacks drop it.
 */
function messageLines(lines: readonly string[]): string[] {
  return lines
    .filter((line) => line !== '' && !/^\s/.test(line) && line !== '}')
    .map((line) => normaliseLogLine(line.split(FIXTURES).join('[project]')).replace(/^(⨯ \w+) \[ERR_[A-Z_]+\]:/, '$1:'));
}

/** Differences between Next's log for the case and this host's, as a Diff (or none). */
function logDiff(expected: Recorded, lines: readonly string[]): Diff[] {
  const want = messageLines((expected.log ?? []).map(([, line]) => line));
  const got = messageLines(lines);
  if (JSON.stringify(want) === JSON.stringify(got)) return [];
  return [{ field: 'log', expected: want, actual: got, message: `log: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}` }];
}

/** Cases whose log Next printed after the answer (after(), stream failures, a client leaving): wait for it. */
const needsSettle = (c: Case, host: HostName): boolean => (expectedFor(c, host).log ?? []).length > 0;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 150));

const summary: Record<string, { identical: number; allowed: number; failing: string[]; total: number }> = {};
/** The hosts on which each case was identical to Next's answer. */
const identicalOn = new Map<string, Set<HostName>>();

test('golden.json was recorded from the current cases.json, and differences.json names real cases', () => {
  const sha = createHash('sha256').update(casesText).digest('hex');
  if (sha !== golden.casesSha256) {
    throw new Error('conformance/app-router/cases.json changed since golden.json was recorded: run `node scripts/record-golden.js --suite app`');
  }
  expect(Object.keys(golden.responses)).toEqual(cases.map((c) => c.id));
  for (const entry of differences) {
    if (entry.caseId !== '*') expect(cases.map((c) => c.id)).toContain(entry.caseId);
    expect(entry.reason.length).toBeGreaterThan(20);
    for (const h of entry.hosts ?? []) expect(HOSTS).toContain(h);
  }
});

describe.each(HOSTS)('App Router conformance with Next on %s', (host) => {
  let server: ReplayServer;
  let base: string;
  let port: number;
  const responses: Record<string, Recorded> = {};
  const stats = { identical: 0, allowed: 0, failing: [] as string[], total: 0 };
  summary[host] = stats;

  beforeAll(async () => {
    server = new ReplayServer(host);
    port = await server.port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(() => server.stop());

  const runs: Array<{ c: Case; label: string; fromNext: boolean }> = [];
  for (const c of cases) {
    runs.push({ c, label: `${c.id} (${c.spec}) ${c.method} ${c.path}`, fromNext: false });
    if (client.usesCookiePlaceholder(c)) runs.push({ c, label: `${c.id} with the cookies Next set`, fromNext: true });
  }

  test.each(runs)('$label', async ({ c, fromNext }) => {
    const logId = fromNext ? `${c.id} (next cookies)` : c.id;
    await server.mark(logId);
    const actual = await client.runCase(base, c, {
      previewModeId: golden.preview.previewModeId,
      responses: fromNext ? golden.responses : responses,
    });
    if (needsSettle(c, host)) await settle();
    await server.mark(`${logId}: done`);
    const logged = server.logs.get(logId) ?? [];
    if (!fromNext) responses[c.id] = actual;
    const expected = expectedFor(c, host);
    const entries = entriesFor(c.id, host);
    const opts = { method: c.method, ports: { expected: golden.port, actual: port }, relativeExpires: true };
    const all = [...compare(expected, actual, opts), ...logDiff(expected, logged)];
    let left = all;
    if (all.length) {
      // What the listed differences account for: the rewrites, then the allowed fields.
      const replacements = entries.flatMap((e) => e.replace ?? []).map(([a, b]) => [a.replace('{{port}}', String(port)), b.replace('{{port}}', String(port))] as [string, string]);
      const ignoreKeys = entries.flatMap((e) => e.ignoreJsonKeys ?? []);
      const want = withoutJsonKeys(entries.some((e) => e.uncompress) ? uncompressed(expected) : expected, ignoreKeys);
      const got = withoutJsonKeys(replaced(actual, replacements), ignoreKeys);
      const rewritten = [...compare(want, got, opts), ...logDiff(expected, logged)];
      left = rewritten.filter((d) => !entries.some((entry) => isAllowed(d, entry, host)));
    }
    stats.total += 1;
    if (all.length === 0) stats.identical += 1;
    else if (left.length === 0) stats.allowed += 1;
    else stats.failing.push(fromNext ? `${c.id}(next cookies)` : c.id);
    if (all.length === 0 && !fromNext) identicalOn.set(c.id, (identicalOn.get(c.id) ?? new Set<HostName>()).add(host));
    if (left.length) throw new Error(`${formatDiffs(c.id, left)}\n(${host}; not listed in conformance/app-router/differences.json)`);
  });
});

afterAll(() => {
  const lines = HOSTS.map((h) => {
    const s = summary[h];
    return `app-router conformance ${h}: ${s.identical}/${s.total} identical to next@${golden.next}, ${s.allowed} deliberate differences, ${s.failing.length} unexpected${s.failing.length ? ` (${s.failing.slice(0, 12).join(', ')}${s.failing.length > 12 ? ', …' : ''})` : ''}`;
  });
  const stale = differences
    .filter((d) => d.caseId !== '*' && (d.hosts ?? HOSTS).every((h) => identicalOn.get(d.caseId)?.has(h as HostName)))
    .map((d) => d.caseId);
  if (stale.length) lines.push(`app-router conformance: differences.json entries now identical on every host: ${stale.join(', ')}`);
  process.stdout.write(lines.join('\n') + '\n');
});
