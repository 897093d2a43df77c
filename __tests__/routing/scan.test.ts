// Scanning a routes folder (lib/routing/scan-folder.ts): one readdir per folder with file
// types, symbolic links followed, and the entries Next never serves left out.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { apiRoutes } from '../../lib';
import { plainServer } from '../support';

let root: string;
let api: string;

const handler = (name: string): string => `module.exports = (req, res) => res.json({ file: ${JSON.stringify(name)}, query: req.query });\n`;
function write(path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'next-api-express-scan-'));
  api = join(root, 'api');
  write('api/index.js', handler('index.js'));
  write('api/users/[id].js', handler('users/[id].js'));
  write('api/users/index.js', handler('users/index.js'));
  write('api/types.d.ts', 'export type X = 1;\n');
  write('api/node_modules/hidden.js', handler('node_modules/hidden.js'));
  write('api/notes.txt', 'not a route\n');
  write('shared/tools/[tool].js', handler('shared/tools/[tool].js'));
  write('shared/single.js', handler('shared/single.js'));
  symlinkSync(join(root, 'shared', 'tools'), join(api, 'tools'), 'dir');
  symlinkSync(join(root, 'shared', 'single.js'), join(api, 'single.js'), 'file');
  symlinkSync(join(root, 'nowhere.js'), join(api, 'dangling.js'), 'file');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

test('the route table: real and linked files and folders; no declarations, no node_modules, no dangling links', () => {
  const routes = apiRoutes(api).routes.map((r) => [r.route, r.file]);
  expect(routes).toEqual([
    ['/', join(api, 'index.js')],
    ['/single', join(api, 'single.js')],
    ['/tools/[tool]', join(api, 'tools', '[tool].js')],
    ['/users', join(api, 'users', 'index.js')],
    ['/users/[id]', join(api, 'users', '[id].js')],
  ]);
});

test.each([
  ['/api', 200, { file: 'index.js', query: {} }],
  ['/api/single', 200, { file: 'shared/single.js', query: {} }],
  ['/api/tools/hammer', 200, { file: 'shared/tools/[tool].js', query: { tool: 'hammer' } }],
  ['/api/users/7', 200, { file: 'users/[id].js', query: { id: '7' } }],
  ['/api/dangling', 404, undefined],
  ['/api/node_modules/hidden', 404, undefined],
  ['/api/types', 404, undefined],
])('GET %s', async (url, status, body) => {
  const res = await request(plainServer(api)).get(url);
  expect(res.status).toBe(status);
  if (body) expect(res.body).toEqual(body);
  else expect(res.text).toBe('Not Found');
});
