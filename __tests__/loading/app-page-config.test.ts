// A Pages-Router `export const config = {...}` left in an App Router route.ts
// (docs/next-behaviour.md §32): Next's build error, as a RouteLoadError naming
// the file, at ready(), on the route's requests, and from testRoute().
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { appRoutes, RouteLoadError } from '../../lib';
import { testRoute } from '../../lib/testing';
import { closeServer, memoryLogger } from '../support';

const HANDLER = 'export async function POST(request: Request) { return new Response(await request.text()); }\n';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'next-api-express-app-config-'));
  const write = (path: string, source: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), source);
  };
  write('webhook/route.ts', `${HANDLER}export const config = { api: { bodyParser: false } };\n`);
  write('edge/route.ts', `${HANDLER}export const config = { runtime: 'edge', regions: ['iad1'] };\n`);
  write('fine/route.ts', `${HANDLER}export const runtime = 'nodejs';\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FOOTER = 'Visit https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config for more information.';

test('ready() rejects with Next\'s message per file, ERR_INVALID_CONFIG, and the hint for api keys', async () => {
  const rejection = await appRoutes(dir, { logger: memoryLogger() }).ready().then(() => undefined, (err: unknown) => err);
  const errors = (rejection as AggregateError).errors as RouteLoadError[];
  const byRoute = Object.fromEntries(errors.map((e) => [e.file.slice(dir.length + 1), e]));
  expect(Object.keys(byRoute).sort()).toEqual(['edge/route.ts', 'webhook/route.ts']);
  for (const error of errors) {
    expect(error).toBeInstanceOf(RouteLoadError);
    expect(error.code).toBe('ERR_INVALID_CONFIG');
  }
  const webhook = join(dir, 'webhook/route.ts');
  expect(byRoute['webhook/route.ts'].message).toBe(
    `Page config in ${webhook} is deprecated. Replace \`export const config=…\` with the following:\n` +
      '- nothing for `api` (bodyParser, sizeLimit, responseLimit, externalResolver): a route handler reads its body with request.text(), json() or formData(); delete it\n' +
      `${FOOTER}\n  file: ${webhook}`,
  );
  const edge = join(dir, 'edge/route.ts');
  expect(byRoute['edge/route.ts'].message).toBe(
    `Page config in ${edge} is deprecated. Replace \`export const config=…\` with the following:\n` +
      '- `export const runtime = "edge"`\n- `export const preferredRegion = ["iad1"]`\n' +
      `${FOOTER}\n  file: ${edge}`,
  );
});

describe('over a socket', () => {
  let server: Server;
  const logger = memoryLogger();
  beforeAll(() => {
    const app = express();
    app.use('/api', appRoutes(dir, { logger }));
    server = createServer(app);
  });
  afterAll(() => closeServer(server));

  test('the route answers 500 and the log names the file; other routes serve', async () => {
    await request(server).post('/api/webhook').send('x').expect(500);
    expect(logger.text()).toContain(`Page config in ${join(dir, 'webhook/route.ts')} is deprecated.`);
    await request(server).post('/api/fine').type('text').send('hello').expect(200, 'hello');
  });
});

test('testRoute() refuses the module the same way', () => {
  const routeModule = { POST: () => new Response('x'), config: { api: { bodyParser: false } } };
  expect(() => testRoute(routeModule)).toThrow(/^Page config in .* is deprecated\. Replace `export const config=…` with the following:/);
});
