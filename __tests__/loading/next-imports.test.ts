// A named import of a name this package's next/* modules do not export fails
// when the file loads, naming the file, the module and the name (README
// "Loading route files", docs/design.md "next/* modules") — not an
// `undefined` that fails later on a request. Namespace and type-only imports,
// and the names that exist, are unaffected.
import { createServer, type Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import { projectRoutes, RouteLoadError, type ProjectRoutesOptions } from '../../lib';
import { fixture, memoryLogger, type MemoryLogger } from '../support';

const root = fixture('next-imports');

const HOSTS: Array<[string, (options: ProjectRoutesOptions) => Server]> = [
  [
    'Express 5',
    (options) => {
      const app = express();
      app.use(projectRoutes(root, options));
      return createServer(app);
    },
  ],
  ['node:http', (options) => createServer(projectRoutes(root, options))],
];

/** The first line of the cause in a load error's message. */
const causeLine = (message: string): string => message.split('\n')[1];

describe.each(HOSTS)('%s', (_host, host) => {
  let logger: MemoryLogger;
  let server: Server;
  beforeEach(() => {
    logger = memoryLogger();
    server = host({ logger });
  });

  test.each([
    ['GET', '/api/ua', 'app/api/ua/route.ts', 'app/api/ua/route.ts', 'notARealExport', 'next/server'],
    ['POST', '/api/helper', 'app/api/helper/route.ts', 'lib/refresh.ts', 'unstable_notARealCache', 'next/cache'],
    ['GET', '/api/reexport', 'pages/api/reexport.ts', 'pages/api/reexport.ts', 'notARealRedirect', 'next/navigation'],
    ['GET', '/api/headers', 'pages/api/headers.js', 'pages/api/headers.js', 'notARealHeader', 'next/headers'],
  ])('%s %s: a load error naming the file, the module and the name', async (method, url, routeFile, importer, name, specifier) => {
    const res = await request(server)[method === 'GET' ? 'get' : 'post'](url);
    expect(res.status).toBe(500);
    expect(res.text).toBe('Internal Server Error');
    const [message] = logger.messages('error');
    expect(message.split('\n')[0]).toBe(`Failed to load ${url} from ${root}/${routeFile}:`);
    expect(causeLine(message)).toMatch(
      new RegExp(`^TypeError: ${root}/${importer} imports \`${name}\` from '${specifier}', which next-api-express does not provide\\. Its '${specifier}' exports \`.+\`\\.$`),
    );
  });

  test('existing names, a namespace import, type-only imports and next/headers.js load as before', async () => {
    const app = await request(server).get('/api/fine');
    expect(app.status).toBe(200);
    expect(app.body).toEqual({ namespace: 'undefined', cookies: 'function', path: '/api/fine' });
    const pages = await request(server).get('/api/still-fine');
    expect(pages.status).toBe(200);
    expect(pages.body).toEqual({ revalidatePath: 'function' });
    expect(logger.lines).toEqual([]);
  });
});

test('ready() reports each such file as a RouteLoadError (ERR_ROUTE_LOAD) whose cause has the code ERR_UNKNOWN_NEXT_EXPORT', async () => {
  const error = await projectRoutes(root, { logger: memoryLogger() })
    .ready()
    .then(
      () => undefined,
      (err: unknown) => err,
    );
  const failures = (error as AggregateError).errors as RouteLoadError[];
  expect(failures.map((f) => [f instanceof RouteLoadError, f.code, (f.cause as { code?: string }).code, f.file.slice(root.length + 1)]).sort()).toEqual([
    [true, 'ERR_ROUTE_LOAD', 'ERR_UNKNOWN_NEXT_EXPORT', 'app/api/helper/route.ts'],
    [true, 'ERR_ROUTE_LOAD', 'ERR_UNKNOWN_NEXT_EXPORT', 'app/api/ua/route.ts'],
    [true, 'ERR_ROUTE_LOAD', 'ERR_UNKNOWN_NEXT_EXPORT', 'pages/api/headers.js'],
    [true, 'ERR_ROUTE_LOAD', 'ERR_UNKNOWN_NEXT_EXPORT', 'pages/api/reexport.ts'],
  ]);
});
