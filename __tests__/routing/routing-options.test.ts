// Options that change routing (README "Options"; docs/next-behaviour.md §3, §5):
// trailingSlash, pageExtensions, basePath, the routes folder, and the
// TypeError that names a bad option.
import request from 'supertest';
import express5 from 'express';
import { apiRoutes } from '../../lib';
import { expressApp, fixture, memoryLogger, plainServer } from '../support';

const dir = fixture('routing');

describe('options that change routing (README "Options")', () => {
  test("trailingSlash: 'ignore' serves both forms", async () => {
    const app = expressApp(express5, dir, { trailingSlash: 'ignore' });
    const withSlash = await request(app).get('/api/users/42/');
    expect(withSlash.status).toBe(200);
    expect(withSlash.body).toEqual({ file: 'users/[id].js', query: { id: '42' }, url: '/api/users/42/' });
    expect((await request(app).get('/api/')).body.file).toBe('index.js');
  });

  test("pageExtensions ['api.js', 'js'] strips the longest ending first (docs/next-behaviour.md §3)", async () => {
    const app = expressApp(express5, dir, { pageExtensions: ['js', 'api.js'] });
    expect((await request(app).get('/api/hello')).body.file).toBe('hello.api.js');
    expect((await request(app).get('/api/hello.api')).status).toBe(404);
  });

  test('pageExtensions that match nothing serve nothing', async () => {
    const app = expressApp(express5, dir, { pageExtensions: ['page.ts'] });
    expect((await request(app).get('/api/echo')).status).toBe(404);
  });

  test('basePath on node:http: outside it → 404 Not Found', async () => {
    const res = await request(plainServer(dir)).get('/other/echo');
    expect(res.status).toBe(404);
    expect(res.text).toBe('Not Found');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  test('bad options throw a TypeError naming the option', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ pageExtensions: 'js' }, /option "pageExtensions"/],
      [{ pageExtensions: ['.js'] }, /option "pageExtensions" has an invalid entry "\.js"/],
      [{ basePath: 'api' }, /option "basePath" must be a path starting with "\/"/],
      [{ trailingSlash: true }, /option "trailingSlash" must be one of "redirect", "ignore"/],
      [{ onError: 'throw' }, /option "onError" must be one of "respond", "next"/],
      [{ logger: {} }, /option "logger" must have error\(\) and warn\(\) methods/],
      [{ preview: { previewModeId: 'short', previewModeSigningKey: 'x'.repeat(16), previewModeEncryptionKey: 'x'.repeat(16) } }, /option "preview.previewModeId" must be a string of at least 16 characters/],
      [{ revalidate: 'yes' }, /option "revalidate" must be a function/],
      [{ pagesExtensions: ['js'] }, /option "pagesExtensions" is not an option/],
    ];
    for (const [options, message] of cases) {
      expect(() => apiRoutes(dir, options as never)).toThrow(TypeError);
      expect(() => apiRoutes(dir, options as never)).toThrow(message);
    }
  });

  test('a missing or non-folder dir is named in the error', () => {
    expect(() => apiRoutes(fixture('no-such-folder'))).toThrow(`routes folder ${fixture('no-such-folder')} does not exist`);
    expect(() => apiRoutes(fixture('routing', 'echo.js'))).toThrow(`routes folder ${fixture('routing', 'echo.js')} is not a directory`);
    expect(() => apiRoutes(undefined as never)).toThrow(TypeError);
  });

  test('dir is resolved against process.cwd()', async () => {
    const cwd = process.cwd();
    process.chdir(fixture());
    try {
      const app = express5();
      app.use('/api', apiRoutes('./routing', { logger: memoryLogger() }));
      process.chdir(cwd);
      expect((await request(app).get('/api/echo')).body.file).toBe('echo.js');
    } finally {
      process.chdir(cwd);
    }
  });
});
