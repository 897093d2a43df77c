// The command line (lib/cli/args.ts): flags parsed in-process, and the real
// bin's one-shot commands (--help, --version, usage errors) as a user sees them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLAGS, helpText, parseCli, UsageError } from '../../lib/cli/args';
import { cliSession, REPO_ROOT } from '../support';

const session = cliSession();
const ROUTING = '__tests__/fixtures/routing';

describe('flag parsing', () => {
  test('defaults: port 3000 (or PORT), host 127.0.0.1, the folder\'s own base path, one process', () => {
    expect(parseCli(['./pages/api'])).toEqual({
      type: 'run',
      options: {
        dir: './pages/api',
        port: 3000,
        host: '127.0.0.1',
        basePath: undefined,
        watch: false,
        workers: undefined,
        routesOnly: false,
        ready: false,
        pageExtensions: undefined,
        trailingSlash: undefined,
        shutdownTimeout: 10_000,
        headersTimeout: 20_000,
        requestTimeout: 60_000,
        keepAliveTimeout: 5_000,
        exitOnUncaught: false,
        env: true,
      },
    });
    expect(parseCli(['x'], { PORT: '8080' })).toMatchObject({ options: { port: 8080 } });
    expect(parseCli(['x', '-p', '9000'], { PORT: '8080' })).toMatchObject({ options: { port: 9000 } });
  });

  test('every flag, long and short', () => {
    const command = parseCli(
      [
        '-p', '0', '-H', '::1', '--base-path', '/v1', '-w', '--workers', '3', '--routes', '--ready', '--page-extensions', 'api.ts, ts', '--trailing-slash', 'ignore',
        '--shutdown-timeout', '250', '--no-env', '--headers-timeout', '1000', '--request-timeout', '2000', '--keep-alive-timeout', '3000', '--exit-on-uncaught', 'dir',
      ],
      {},
    );
    expect(command).toEqual({
      type: 'run',
      options: {
        dir: 'dir',
        port: 0,
        host: '::1',
        basePath: '/v1',
        watch: true,
        workers: 3,
        routesOnly: true,
        ready: true,
        pageExtensions: ['api.ts', 'ts'],
        trailingSlash: 'ignore',
        shutdownTimeout: 250,
        headersTimeout: 1000,
        requestTimeout: 2000,
        keepAliveTimeout: 3000,
        exitOnUncaught: true,
        env: false,
      },
    });
    expect(parseCli(['-h'])).toEqual({ type: 'help' });
    expect(parseCli(['--version'])).toEqual({ type: 'version' });
    expect(parseCli(['x', '--workers', 'auto'])).toMatchObject({ options: { workers: expect.any(Number) } });
  });

  test.each([
    [[], /^missing <dir>/],
    [['a', 'b'], /^one <dir> only/],
    [['x', '--port', '70000'], /^--port must be an integer from 0 to 65535/],
    [['x', '--port', '3.5'], /^--port must be an integer/],
    [['x', '--port'], /^--port needs a value/],
    [['x', '--workers', '0'], /^--workers must be an integer from 1/],
    [['x', '--shutdown-timeout', 'soon'], /^--shutdown-timeout must be an integer/],
    [['x', '--watch=yes'], /^--watch takes no value/],
    [['x', '--prot', '1'], /^unknown option --prot \(did you mean --port\?\)/],
    [['x', '-z'], /^unknown option -z/],
    [['x', '--host', ''], /^--host must not be empty/],
  ])('%j is a one-line UsageError', (argv, message) => {
    let error: unknown;
    try {
      parseCli(argv as string[], {});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('a bad PORT variable is named as such', () => {
    expect(() => parseCli(['x'], { PORT: 'http' })).toThrow(/^PORT \(environment\) must be an integer/);
  });

  test('--help documents every flag', () => {
    const help = helpText();
    for (const flag of FLAGS) {
      expect(help).toContain(`--${flag.long}`);
      if (flag.short) expect(help).toContain(`-${flag.short}, --${flag.long}`);
    }
    expect(help).toContain('<dir>');
    expect(help).toContain('NODE_ENV');
    expect(help).toContain('PORT');
  });
});

describe('the bin: --help, --version and usage errors', () => {
  test('--help prints every flag on stdout and exits 0', async () => {
    const result = await session.run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const flag of FLAGS) expect(result.stdout).toContain(`--${flag.long}`);
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await session.run(['-v']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test.each([
    [['--port', 'abc', ROUTING], '--port must be an integer from 0 to 65535 (received "abc")'],
    [['--bogus', ROUTING], 'unknown option --bogus; see --help'],
    [[], 'missing <dir>'],
    [[ROUTING, '--trailing-slash', 'sometimes'], '--trailing-slash must be one of "redirect", "ignore" (received "sometimes")'],
    [[ROUTING, '--base-path', 'api'], '--base-path must be a path starting with "/"'],
    [[ROUTING, '--page-extensions', '.js'], '--page-extensions has an invalid entry ".js"'],
    [['no/such/folder'], 'routes folder'],
  ])('%j exits 1 with one line on stderr', async (args, message) => {
    const result = await session.run(args as string[]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`next-api-express: ${message}`);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
