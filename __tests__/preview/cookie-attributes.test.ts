// Draft/preview cookie attributes follow `process.env.NODE_ENV === 'development'`,
// exactly as Next decides them (docs/next-behaviour.md §10.6), whatever the
// `dev` option says: `dev` only switches the development warnings. With
// NODE_ENV unset or `test`, a preview inside a cross-site CMS iframe needs
// `Secure; SameSite=None`.
import { createServer } from 'node:http';
import request from 'supertest';
import { apiRoutes, type ApiRoutesOptions } from '../../lib';
import { fixture, memoryLogger } from '../support';

const dir = fixture('cookies');
const PRODUCTION = 'Path=/; HttpOnly; Secure; SameSite=None';
const DEVELOPMENT = 'Path=/; HttpOnly; SameSite=Lax';

const savedNodeEnv = process.env.NODE_ENV;
afterEach(() => {
  if (savedNodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = savedNodeEnv;
});

/** Runs with NODE_ENV as given (undefined: unset) from mounting to the last response. */
function serveWith(nodeEnv: string | undefined, options: ApiRoutesOptions = {}) {
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  return createServer(apiRoutes(dir, { basePath: '/api', logger: memoryLogger(), ...options }));
}

/** The attributes after `name=value; `. */
const attributes = (setCookie: string): string => setCookie.slice(setCookie.indexOf(';') + 2);

describe.each([
  // [NODE_ENV, dev option, expected attributes]
  [undefined, undefined, PRODUCTION],
  ['test', undefined, PRODUCTION],
  ['test', true, PRODUCTION],
  ['production', undefined, PRODUCTION],
  ['production', true, PRODUCTION],
  ['staging', undefined, PRODUCTION],
  ['development', undefined, DEVELOPMENT],
  ['development', false, DEVELOPMENT],
] as Array<[string | undefined, boolean | undefined, string]>)('cookie attributes with NODE_ENV=%s, dev: %s (docs/next-behaviour.md §10.6)', (nodeEnv, dev, expected) => {
  const options: ApiRoutesOptions = dev === undefined ? {} : { dev };

  test(`setDraftMode: ${expected}`, async () => {
    const res = await request(serveWith(nodeEnv, options)).get('/api/draft?t=draft');
    expect(res.headers['set-cookie']).toHaveLength(1);
    expect(attributes(res.headers['set-cookie'][0])).toBe(expected);
  });

  test('setPreviewData: both cookies alike', async () => {
    const res = await request(serveWith(nodeEnv, options)).get('/api/draft?t=preview');
    expect((res.headers['set-cookie'] as unknown as string[]).map(attributes)).toEqual([expected, expected]);
  });

  test('the clearing cookies sent for an invalid preview cookie', async () => {
    const res = await request(serveWith(nodeEnv, options)).get('/api/draft').set('Cookie', '__prerender_bypass=not-this-build');
    const epoch = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT';
    const [path, ...rest] = expected.split('; ');
    const clearing = [path, epoch, ...rest].join('; ');
    expect((res.headers['set-cookie'] as unknown as string[]).map(attributes)).toEqual([clearing, clearing]);
  });
});
