// The route table the CLI prints (lib/cli/print-routes.ts): its format, and
// `--routes` / `--ready` on the real bin, which print or check the table and exit.
import { join, relative } from 'node:path';
import { apiRoutes } from '../../lib';
import { formatRouteTable, serverUrl } from '../../lib/cli/print-routes';
import { cliSession, REPO_ROOT } from '../support';

const session = cliSession();
const ROUTING = '__tests__/fixtures/routing';

describe('route table formatting', () => {
  test('aligned ROUTE / KIND / FILE columns with the base path and cwd-relative files', () => {
    const table = formatRouteTable(
      [
        { route: '/', kind: 'static', file: '/srv/app/pages/api/index.ts' },
        { route: '/users/[id]', kind: 'dynamic', file: '/srv/app/pages/api/users/[id].ts' },
        { route: '/[[...slug]]', kind: 'optional-catch-all', file: '/elsewhere/x.js' },
      ],
      '/api',
      '/srv/app',
    );
    expect(table.split('\n')).toEqual([
      'ROUTE             KIND                FILE',
      '/api              static              pages/api/index.ts',
      '/api/users/[id]   dynamic             pages/api/users/[id].ts',
      '/api/[[...slug]]  optional-catch-all  /elsewhere/x.js',
      '',
    ]);
    expect(formatRouteTable([{ route: '/', kind: 'static', file: '/a/i.js' }], '/', '/a')).toContain('\n/      static  i.js\n');
  });

  test('URLs: IPv6 hosts in brackets, no trailing slash', () => {
    expect(serverUrl('127.0.0.1', 3000, '/api')).toBe('http://127.0.0.1:3000/api');
    expect(serverUrl('::1', 80, '/')).toBe('http://[::1]:80');
  });
});


describe('--routes and --ready', () => {
  test('--routes prints the middleware\'s table, in its order, and exits 0', async () => {
    const result = await session.run([ROUTING, '--routes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ROUTE +KIND +FILE$/);
    const expected = apiRoutes(join(REPO_ROOT, ROUTING)).routes.map((r) => [r.route === '/' ? '/api' : `/api${r.route}`, r.kind, relative(REPO_ROOT, r.file)]);
    expect(lines.slice(1).map((line) => line.split(/ {2,}/))).toEqual(expected);
    expect(result.stdout).toMatch(/^\/api\/users\/\[id\] +dynamic +__tests__\/fixtures\/routing\/users\/\[id\]\.js$/m);
    expect(result.stdout).toMatch(/^\/api\/opt\/\[\[\.\.\.slug\]\] +optional-catch-all +__tests__\/fixtures\/routing\/opt\/\[\[\.\.\.slug\]\]\.js$/m);
    // Columns line up: KIND starts at the same offset on every row.
    const kindColumn = new Set(lines.map((line) => line.search(/ {2}\S/)));
    expect(kindColumn.size).toBe(1);
  });

  test('--routes with --base-path / and another working directory', async () => {
    const result = await session.run(['src/pages/api', '--routes', '--base-path', '/'], join(REPO_ROOT, '__tests__/fixtures/next-project'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\/users\/\[id\] +dynamic +src\/pages\/api\/users\/\[id\]\.ts$/m);
    expect(result.stdout).toMatch(/^\/posts +static +src\/pages\/api\/posts\/index\.tsx$/m);
  });

  test('a route conflict exits 1 with Next\'s message and the files, no stack', async () => {
    const dir = session.tempProject({
      'pages/api/users/[id].js': 'export default (req, res) => res.end()\n',
      'pages/api/users/[name].js': 'export default (req, res) => res.end()\n',
    });
    const result = await session.run(['pages/api'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("next-api-express: You cannot use different slug names for the same dynamic path ('id' !== 'name').");
    expect(result.stderr).toContain(join(dir, 'pages/api/users/[id].js'));
    expect(result.stderr).toContain(join(dir, 'pages/api/users/[name].js'));
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('--ready exits 1 naming every file that fails to load; without it the table prints', async () => {
    const broken = '__tests__/fixtures/broken-project/pages/api';
    const strict = await session.run([broken, '--routes', '--ready']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/^next-api-express: \d+ route files failed to load:$/m);
    expect(strict.stderr).toContain('syntax.js');
    expect(strict.stderr).toContain('database URL not set');
    expect(strict.stderr).not.toMatch(/^\s+at /m);

    const lazy = await session.run([broken, '--routes']);
    expect(lazy.code).toBe(0);
    expect(lazy.stdout).toMatch(/^\/api\/syntax +static/m);
  });
});

