// Serving a folder with the real bin on 127.0.0.1 with `--port 0` (the printed
// URL says which port): the middleware's behaviour, options as flags, a busy port.
import { cliSession, getUrl } from '../support';

const session = cliSession();
const NEXT_PROJECT_API = '__tests__/fixtures/next-project/src/pages/api';
const ROUTING = '__tests__/fixtures/routing';

describe('serving', () => {
  test('serves a TypeScript project (tsconfig @/ alias) with the middleware\'s behaviour, and prints table and URL', async () => {
    const cli = session.start([NEXT_PROJECT_API, '--port', '0']);
    const url = await cli.url();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(cli.stdout()).toMatch(/^ROUTE +KIND +FILE$/m);
    expect(cli.stdout()).toMatch(/^\/api\/users\/\[id\] +dynamic +__tests__\/fixtures\/next-project\/src\/pages\/api\/users\/\[id\]\.ts$/m);

    const user = await getUrl(`${url}/users/1`);
    expect(user.status).toBe(200);
    expect(JSON.parse(user.body)).toEqual({ user: { id: '1', name: 'Ada', role: 'admin' }, isAdmin: true });
    expect(JSON.parse((await getUrl(`${url}/hello`)).body)).toEqual({ name: 'John Doe' });

    const redirect = await getUrl(`${url}/hello/`);
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/api/hello');

    const missing = await getUrl(`${url}/nope`);
    expect(missing).toMatchObject({ status: 404, body: 'Not Found' });
    expect((await getUrl(url.replace(/\/api$/, '/hello'))).status).toBe(404);
  });

  test('the routing fixture, with --base-path / and --trailing-slash ignore', async () => {
    const cli = session.start([ROUTING, '-p', '0', '--base-path', '/', '--trailing-slash', 'ignore']);
    const url = await cli.url();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse((await getUrl(`${url}/users/me`)).body)).toMatchObject({ file: 'users/me.js' });
    const dynamic = await getUrl(`${url}/users/42/`);
    expect(dynamic.status).toBe(200);
    expect(JSON.parse(dynamic.body)).toMatchObject({ file: 'users/[id].js', query: { id: '42' } });
  });

  test('a port in use exits 1 with one line', async () => {
    const port = await session.occupiedPort();
    const result = await session.run([ROUTING, '--port', String(port)]);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd()).toBe(`next-api-express: port ${port} on 127.0.0.1 is already in use (choose another with --port)`);
    // The route table comes only with a port of its own.
    expect(result.stdout).toBe('');
  });
});

