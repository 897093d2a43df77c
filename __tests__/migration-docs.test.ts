// What the README and the migration guide tell a migrating user must be true:
// the tsconfig `paths` entry they show type-checks an unchanged
// `import type … from 'next'`, the `.env` one-liner they show loads the
// project's files, and what they say about `next`/`react`/`react-dom` holds.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transform } from 'sucrase';
import * as library from '../lib';
import { fixture } from './support';

const ROOT = join(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const GUIDE = readFileSync(join(ROOT, 'docs', 'migrating-from-next.md'), 'utf8');

/** The text of a `## heading` section, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThan(-1);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** Code blocks of one language in a piece of markdown. */
const blocks = (markdown: string, lang: string): string[] => [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

describe('the tsconfig `paths` entry for unchanged `import type … from "next"`', () => {
  const shown = (markdown: string): string => {
    const found = blocks(markdown, 'json').find((b) => b.includes('"next"'));
    expect(found).toBeDefined();
    return (found as string).trim();
  };

  test('the README Types section and the guide show the same entry', () => {
    expect(shown(section(README, 'Types'))).toBe(shown(GUIDE));
  });

  test('that entry, as shown, type-checks a handler importing its types from "next" (without next installed)', () => {
    const project = mkdtempSync(join(tmpdir(), 'next-api-express-paths-'));
    try {
      mkdirSync(join(project, 'node_modules'));
      symlinkSync(ROOT, join(project, 'node_modules', 'next-api-express'), 'dir');
      mkdirSync(join(project, 'src', 'lib'), { recursive: true });
      mkdirSync(join(project, 'src', 'pages', 'api'), { recursive: true });
      writeFileSync(join(project, 'src', 'lib', 'greeting.ts'), "export const greeting = (name: string): string => `Hello, ${name}!`;\n");
      writeFileSync(
        join(project, 'src', 'pages', 'api', 'hello.ts'),
        [
          "import type { NextApiRequest, NextApiResponse, PageConfig } from 'next';",
          "import { greeting } from '@/lib/greeting';",
          '',
          'export const config: PageConfig = { api: { bodyParser: false } };',
          '',
          'export default function handler(req: NextApiRequest, res: NextApiResponse<{ message: string }>) {',
          "  res.status(200).json({ message: greeting(String(req.query.name ?? 'world')) });",
          '}',
          '',
        ].join('\n'),
      );
      // The user's tsconfig: create-next-app's options, with `paths` exactly as documented.
      const paths = JSON.parse(`{${shown(section(README, 'Types'))}}`) as { paths: Record<string, string[]> };
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { target: 'ES2017', strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', esModuleInterop: true, skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')], paths: paths.paths },
          include: ['src/**/*.ts'],
        }),
      );
      const tsc = require.resolve('typescript/bin/tsc');
      const result = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the App Router chapter\'s `paths` entry for `next/*`', () => {
  test('as shown, it type-checks an unchanged route handler importing next/server and next/headers (without next installed)', () => {
    const chapter = GUIDE.slice(GUIDE.indexOf('## 9. App Router route handlers'));
    const shownPaths = blocks(chapter, 'json').find((b) => b.includes('"next/*"'));
    expect(shownPaths).toBeDefined();
    const project = mkdtempSync(join(tmpdir(), 'next-api-express-app-paths-'));
    try {
      mkdirSync(join(project, 'node_modules'));
      symlinkSync(ROOT, join(project, 'node_modules', 'next-api-express'), 'dir');
      mkdirSync(join(project, 'src', 'lib'), { recursive: true });
      mkdirSync(join(project, 'src', 'app', 'api', 'users', '[id]'), { recursive: true });
      writeFileSync(join(project, 'src', 'lib', 'users.ts'), "export const findUser = (id: string) => (id === '1' ? { id, name: 'Ada' } : undefined);\n");
      writeFileSync(
        join(project, 'src', 'app', 'api', 'users', '[id]', 'route.ts'),
        [
          "import { cookies, headers } from 'next/headers';",
          "import { notFound } from 'next/navigation';",
          "import { revalidatePath } from 'next/cache';",
          "import { NextResponse, type NextRequest } from 'next/server';",
          "import { findUser } from '@/lib/users';",
          '',
          "export const dynamic = 'force-dynamic';",
          '',
          'export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {',
          '  const { id } = await params;',
          '  const user = findUser(id);',
          '  if (!user) notFound();',
          "  const theme = (await cookies()).get('theme')?.value ?? 'light';",
          "  const agent = (await headers()).get('user-agent');",
          "  return NextResponse.json({ user, theme, agent, page: request.nextUrl.searchParams.get('page') });",
          '}',
          '',
          'export async function DELETE() {',
          "  revalidatePath('/api/users');",
          '  return new NextResponse(null, { status: 204 });',
          '}',
          '',
        ].join('\n'),
      );
      const paths = JSON.parse(`{${(shownPaths as string).trim()}}`) as { paths: Record<string, string[]> };
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { target: 'ES2017', lib: ['dom', 'dom.iterable', 'esnext'], strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', esModuleInterop: true, skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')], paths: paths.paths },
          include: ['src/**/*.ts'],
        }),
      );
      const tsc = require.resolve('typescript/bin/tsc');
      const result = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the `.env` one-liner', () => {
  const KEYS = ['SHARED', 'ONLY_IN_ENV', 'ONLY_IN_LOCAL', 'ONLY_IN_MODE', 'ONLY_IN_MODE_LOCAL', 'API_HOST', 'API_PORT', 'API_URL', 'GREETING', 'PRICE'];
  let saved: NodeJS.ProcessEnv;
  beforeEach(() => {
    saved = { ...process.env };
    for (const key of KEYS) delete process.env[key];
  });
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  test('the guide shows it, and run in the project folder it loads the .env files', () => {
    const snippet = blocks(GUIDE, 'js').find((b) => b.includes('loadEnv('));
    expect(snippet).toBeDefined();
    const js = transform(snippet as string, { transforms: ['imports'] }).code;
    const userRequire = (id: string): unknown => (id === 'next-api-express' ? library : require(id));
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the guide's own code, run as written
    new Function('require', '__dirname', 'process', js)(userRequire, fixture('env-project'), process);
    expect(process.env.ONLY_IN_ENV).toBe('env');
    expect(process.env.ONLY_IN_MODE).toBe('test'); // NODE_ENV is `test` under jest
  });
});

describe('what is said about next, react and react-dom', () => {
  test('neither document claims flatly that react is never needed', () => {
    for (const text of [README, GUIDE]) expect(text).not.toMatch(/`next`, `react` and `react-dom` are not needed/);
  });

  test('the guide says a package a route imports may need react itself, with an example', () => {
    expect(GUIDE).toMatch(/`next` is not needed/);
    expect(GUIDE).toMatch(/@apollo\/client[^.]*`react`/);
  });
});
