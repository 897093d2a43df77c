// README "Errors": what the library raises is an instance of one of four
// classes, each with a stable `code`; this file pins each to the situation
// that raises it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, apiRoutes, appRoutes, OptionError, projectRoutes, RouteLoadError, RouteTreeError } from '../lib';
import { createTestApp } from '../lib/testing';
import { fixture } from './support';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('nothing was thrown');
}

/** A routes folder made of `files` (path → source), removed after the test. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'next-api-express-errors-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  made.push(dir);
  return dir;
}
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const handler = 'module.exports = (req, res) => res.end();\n';

describe('OptionError: a bad option, at apiRoutes()', () => {
  test.each([
    [{ basePath: 5 }, 'basePath'],
    [{ trailingSlash: 'always' }, 'trailingSlash'],
    [{ preview: { previewModeId: 'short' } }, 'preview.previewModeId'],
    [{ colour: 'blue' }, 'colour'],
  ])('%j names %s', (options, option) => {
    const err = thrownBy(() => apiRoutes(folder({ 'a.js': handler }), options as never));
    expect(err).toBeInstanceOf(OptionError);
    expect(err).toBeInstanceOf(TypeError);
    expect(err).toMatchObject({ code: 'ERR_INVALID_OPTION', option, status: 500, expose: false });
  });

  test('an unknown option close to a known one gets a "did you mean"', () => {
    const err = thrownBy(() => apiRoutes(folder({ 'a.js': handler }), { trailingSlah: 'ignore' } as never));
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toMatch(/^next-api-express: option "trailingSlah" is not an option \(did you mean "trailingSlash"\?\) \(known: /);
  });

  test.each([
    ['apiRoutes', () => apiRoutes(undefined as never)],
    ['appRoutes', () => appRoutes('' as never)],
    ['projectRoutes', () => projectRoutes(42 as never)],
  ])('%s without a folder: OptionError naming the argument', (call, run) => {
    const err = thrownBy(run);
    expect(err).toBeInstanceOf(OptionError);
    expect(err).toMatchObject({ code: 'ERR_INVALID_OPTION', option: 'dir' });
    expect((err as Error).message).toMatch(new RegExp(`^next-api-express: ${call}\\(dir\\) needs the path of `));
  });

  test('the test helpers raise the same class', () => {
    expect(thrownBy(() => createTestApp(folder({ 'a.js': handler }), { throwErrors: 'yes' } as never))).toMatchObject({ code: 'ERR_INVALID_OPTION', option: 'throwErrors' });
  });
});

describe('RouteTreeError: a folder Next would not build, at apiRoutes()', () => {
  test('a missing folder: ERR_ROUTES_FOLDER, naming it', () => {
    const missing = join(tmpdir(), 'next-api-express-no-such-folder');
    const err = thrownBy(() => apiRoutes(missing));
    expect(err).toBeInstanceOf(RouteTreeError);
    expect(err).toMatchObject({ code: 'ERR_ROUTES_FOLDER', files: [missing] });
  });

  test('two slug names at one level: ERR_ROUTE_CONFLICT, naming both files', () => {
    const dir = folder({ '[a].js': handler, '[b].js': handler });
    const err = thrownBy(() => apiRoutes(dir));
    expect(err).toBeInstanceOf(RouteTreeError);
    expect(err).toMatchObject({ code: 'ERR_ROUTE_CONFLICT', files: [join(dir, '[b].js'), join(dir, '[a].js')] });
    expect((err as Error).message).toMatch(/^You cannot use different slug names for the same dynamic path \('a' !== 'b'\)\./);
  });

  test('a catch-all that is not last: ERR_INVALID_SEGMENT', () => {
    const err = thrownBy(() => apiRoutes(folder({ '[...a]/x.js': handler })));
    expect(err).toBeInstanceOf(RouteTreeError);
    expect(err).toMatchObject({ code: 'ERR_INVALID_SEGMENT' });
    expect((err as Error).message).toMatch(/^Catch-all must be the last part of the URL\./);
  });
});

describe('RouteLoadError: one route file that cannot serve, on first use or ready()', () => {
  test('ready() rejects with an AggregateError of RouteLoadErrors, one code per cause', async () => {
    const api = apiRoutes(fixture('broken-project', 'pages', 'api'), { logger: { error() {}, warn() {} } });
    const rejection = await api.ready().then(() => undefined, (err: unknown) => err);
    expect(rejection).toBeInstanceOf(AggregateError);
    const errors = (rejection as AggregateError).errors as RouteLoadError[];
    expect(errors.every((e) => e instanceof RouteLoadError)).toBe(true);
    const byFile = Object.fromEntries(errors.map((e) => [e.file.replace(/^.*\/pages\/api\//, ''), e.code]));
    expect(byFile).toEqual({
      'bad-config.js': 'ERR_INVALID_CONFIG',
      'missing-import.ts': 'ERR_ROUTE_LOAD',
      'named-only.ts': 'ERR_NO_DEFAULT_EXPORT',
      'notfn.js': 'ERR_NO_DEFAULT_EXPORT',
      'syntax.js': 'ERR_ROUTE_LOAD',
      'throws-at-load.js': 'ERR_ROUTE_LOAD',
    });
    expect(errors.every((e) => e.status === 500 && e.expose === false)).toBe(true);
  });
});

describe('ApiError: a body Next refuses before the handler', () => {
  test('is shaped like Next’s own ApiError (statusCode) and is exposed to the client', () => {
    const err = new ApiError(413, 'ERR_BODY_TOO_LARGE', 'Body exceeded 1mb limit');
    expect(err).toMatchObject({ name: 'ApiError', code: 'ERR_BODY_TOO_LARGE', status: 413, statusCode: 413, expose: true, message: 'Body exceeded 1mb limit' });
  });
});
