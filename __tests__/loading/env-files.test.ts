// `.env` files load the way Next loads them: `.env.<mode>.local`, `.env.local`
// (not in test), `.env.<mode>`, `.env`, the first file to set a key wins,
// variables already in the environment win over every file, `$VAR` / `${VAR}`
// expand. The library exports `loadEnv(projectDir, { mode })`; the CLI calls
// it for the project of the folder it serves (cli/cli-env.test.ts).
import { createServer } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { apiRoutes, loadEnv, OptionError } from '../../lib';
import { fixture, memoryLogger } from '../support';

const PROJECT = fixture('env-project');
const KEYS = ['SHARED', 'ONLY_IN_ENV', 'ONLY_IN_LOCAL', 'ONLY_IN_MODE', 'ONLY_IN_MODE_LOCAL', 'API_HOST', 'API_PORT', 'API_URL', 'GREETING', 'PRICE', 'VISITOR'];

// Every test starts from an environment without the fixture's keys, and leaves none behind.
let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  saved = { ...process.env };
  for (const key of KEYS) delete process.env[key];
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const pick = (): Record<string, string | undefined> => Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));

describe('loadEnv(projectDir, { mode }): .env files as Next loads them', () => {
  test('development: .env.development.local, .env.local, .env.development, .env — the first to set a key wins', () => {
    const result = loadEnv(PROJECT, { mode: 'development' });
    expect(result.mode).toBe('development');
    expect(result.files).toEqual(['.env.development.local', '.env.local', '.env.development', '.env'].map((f) => join(PROJECT, f)));
    expect(pick()).toEqual({
      SHARED: 'from-.env.development.local',
      ONLY_IN_ENV: 'env',
      ONLY_IN_LOCAL: 'local',
      ONLY_IN_MODE: 'development',
      ONLY_IN_MODE_LOCAL: 'development-local',
      API_HOST: 'localhost',
      API_PORT: '4000',
      API_URL: 'http://localhost:4000/v1',
      GREETING: 'hello friend',
      PRICE: '$5',
      VISITOR: undefined,
    });
  });

  test('test: .env.local is skipped, so tests see the same values on every machine', () => {
    const result = loadEnv(PROJECT, { mode: 'test' });
    expect(result.files).toEqual(['.env.test.local', '.env.test', '.env'].map((f) => join(PROJECT, f)));
    expect(pick()).toMatchObject({ SHARED: 'from-.env.test', ONLY_IN_LOCAL: undefined, ONLY_IN_MODE: 'test', ONLY_IN_MODE_LOCAL: 'test-local' });
  });

  test('production: expansion in .env sees a value set by a file loaded before it', () => {
    const result = loadEnv(PROJECT, { mode: 'production' });
    expect(result.files).toEqual(['.env.local', '.env.production', '.env'].map((f) => join(PROJECT, f)));
    expect(pick()).toMatchObject({ SHARED: 'from-.env.local', ONLY_IN_MODE: 'production', API_HOST: 'api.example.test', API_URL: 'http://api.example.test:4000/v1' });
  });

  test('variables already set win over every file, and take part in expansion', () => {
    process.env.SHARED = 'from-the-shell';
    process.env.API_PORT = '5000';
    process.env.VISITOR = 'Ada';
    const result = loadEnv(PROJECT, { mode: 'development' });
    expect(pick()).toMatchObject({ SHARED: 'from-the-shell', API_PORT: '5000', API_URL: 'http://localhost:5000/v1', GREETING: 'hello Ada' });
    expect(result.loaded).not.toHaveProperty('SHARED');
    expect(result.loaded).toMatchObject({ ONLY_IN_LOCAL: 'local', API_URL: 'http://localhost:5000/v1' });
  });

  test("the mode defaults to NODE_ENV: 'development' and 'test' as they are, anything else is production", () => {
    const nodeEnv = process.env.NODE_ENV;
    try {
      for (const [value, mode] of [
        ['development', 'development'],
        ['test', 'test'],
        ['production', 'production'],
        [undefined, 'production'],
        ['staging', 'production'],
      ] as Array<[string | undefined, string]>) {
        if (value === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = value;
        for (const key of KEYS) delete process.env[key];
        expect(loadEnv(PROJECT).mode).toBe(mode);
        expect(process.env.ONLY_IN_MODE).toBe(mode);
      }
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  test('a folder without .env files loads nothing and changes nothing', () => {
    const before = { ...process.env };
    expect(loadEnv(fixture('cookies'), { mode: 'development' })).toEqual({ mode: 'development', files: [], loaded: {} });
    expect(process.env).toEqual(before);
  });

  test('an unknown mode is an OptionError (a TypeError) naming the option', () => {
    expect(() => loadEnv(PROJECT, { mode: 'prod' as never })).toThrow(TypeError);
    expect(() => loadEnv(PROJECT, { mode: 'prod' as never })).toThrow(
      expect.objectContaining({ name: 'OptionError', code: 'ERR_INVALID_OPTION', option: 'mode' }) as Error,
    );
  });

  test('routes read what loadEnv put in process.env (the one line before apiRoutes())', async () => {
    loadEnv(PROJECT, { mode: 'development' });
    const server = createServer(apiRoutes(join(PROJECT, 'pages', 'api'), { basePath: '/api', logger: memoryLogger() }));
    const res = await request(server).get('/api/env');
    expect(res.body).toMatchObject({ SHARED: 'from-.env.development.local', API_URL: 'http://localhost:4000/v1' });
  });
});

test('loadEnv() refuses an option it does not take, naming the one it does', () => {
  expect(() => loadEnv(PROJECT, { mod: 'test' } as never)).toThrow(new TypeError('next-api-express: option "mod" is not an option of loadEnv() (did you mean "mode"?) (known: mode)'));
  expect(() => loadEnv(PROJECT, { mode: 'test', extra: 1 } as never)).toThrow(OptionError);
});
