// The CLI loads the `.env` files of the project whose pages/api folder it
// serves (the folder holding pages/), in the mode NODE_ENV gives, before any
// route file is imported; `--no-env` skips them.
import { projectDirOf } from '../../lib/cli/project-env';
import { cliSession, getUrl } from '../support';

const session = cliSession();
const ENV_PROJECT_API = '__tests__/fixtures/env-project/pages/api';

/** Starts the CLI from the repository root with NODE_ENV as given (the child copies the environment when spawned). */
function startWith(nodeEnv: string | undefined, args: string[]) {
  const saved = process.env.NODE_ENV;
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  try {
    return session.start([ENV_PROJECT_API, '--port', '0', ...args]);
  } finally {
    process.env.NODE_ENV = saved;
  }
}

describe('.env files', () => {
  test('loaded by default from the folder that holds pages/, in the NODE_ENV mode; the log says which', async () => {
    const cli = startWith('production', []);
    const url = await cli.url();
    const res = JSON.parse((await getUrl(`${url}/env`)).body) as Record<string, string | null>;
    expect(res).toMatchObject({ SHARED: 'from-.env.local', ONLY_IN_MODE: 'production', API_URL: 'http://api.example.test:4000/v1' });
    // stderr and stdout are separate pipes: the line may arrive after the URL.
    await cli.waitFor('stderr', /environment \(production\) from \.env\.local, \.env\.production, \.env in __tests__\/fixtures\/env-project/);
  });

  test('NODE_ENV=test reads the test files and never .env.local', async () => {
    const cli = startWith('test', []);
    const res = JSON.parse((await getUrl(`${await cli.url()}/env`)).body) as Record<string, string | null>;
    expect(res).toMatchObject({ SHARED: 'from-.env.test', ONLY_IN_LOCAL: null, ONLY_IN_MODE_LOCAL: 'test-local' });
  });

  test('no NODE_ENV: the CLI sets production (development with --watch), as next start / next dev, and reads those files', async () => {
    const plain = startWith(undefined, []);
    expect(JSON.parse((await getUrl(`${await plain.url()}/env`)).body)).toMatchObject({ ONLY_IN_MODE: 'production', NODE_ENV: 'production' });
    await plain.waitFor('stderr', /NODE_ENV=production \(it was unset; as next start sets it\)/);
    const empty = startWith('', []);
    expect(JSON.parse((await getUrl(`${await empty.url()}/env`)).body)).toMatchObject({ NODE_ENV: 'production' });
    await empty.waitFor('stderr', /NODE_ENV=production \(it was empty; as next start sets it\)/);
    const watching = startWith(undefined, ['--watch']);
    expect(JSON.parse((await getUrl(`${await watching.url()}/env`)).body)).toMatchObject({ ONLY_IN_MODE: 'development', SHARED: 'from-.env.development.local', NODE_ENV: 'development' });
    await watching.waitFor('stderr', /NODE_ENV=development \(it was unset; as next dev sets it\)/);
    await watching.waitFor('stderr', /environment \(development\) from \.env\.development\.local, \.env\.local, \.env\.development, \.env in /);
  });

  test('a NODE_ENV given is kept and not mentioned', async () => {
    const cli = startWith('test', ['--watch']);
    expect(JSON.parse((await getUrl(`${await cli.url()}/env`)).body)).toMatchObject({ NODE_ENV: 'test' });
    expect(cli.stderr()).not.toContain('NODE_ENV');
  });

  test('--no-env loads none', async () => {
    const cli = startWith('production', ['--no-env']);
    const res = JSON.parse((await getUrl(`${await cli.url()}/env`)).body) as Record<string, string | null>;
    expect(res).toMatchObject({ SHARED: null, ONLY_IN_MODE: null, API_URL: null });
    expect(cli.stderr()).not.toContain('.env');
  });

  test("the project folder: the one holding pages/ (or src/pages/), else the working directory", () => {
    expect(projectDirOf('pages/api', '/work/app')).toBe('/work/app');
    expect(projectDirOf('./src/pages/api', '/work/app')).toBe('/work/app');
    expect(projectDirOf('../other/src/pages/api/v2', '/work/app')).toBe('/work/other');
    expect(projectDirOf('/srv/site/pages/api', '/work/app')).toBe('/srv/site');
    expect(projectDirOf('./routes', '/work/app')).toBe('/work/app');
  });
});
