// The built package in plain `node` with no flags and no build step for the
// route files: the way `node server.js` runs them in production.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { fixture } from './support';

let child: ChildProcess;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(__dirname, '..', 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm test`, which builds first');
  child = spawn(process.execPath, [join(__dirname, 'support', 'serve-dist.js'), fixture('next-project', 'src', 'pages', 'api')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  base = `http://127.0.0.1:${port}`;
});

afterAll(() => {
  child?.kill('SIGTERM');
});

test.each([
  ['/api/hello', { name: 'John Doe' }],
  ['/api/users/2', { user: { id: '2', name: 'Linus', role: 0 }, isAdmin: false }],
  ['/api/esm', { form: 'esm-js', formatted: '<x>', shouted: 'HI!', legacy: true, sum: 5 }],
  ['/api/double', { form: 'double-interop' }],
  ['/api/json', { items: ['alpha', 'beta'], circular: ['ab', 'ab'] }],
  ['/api/posts', { form: 'tsx', first: 'p1' }],
])('GET %s', async (path, body) => {
  const res = await request(base).get(path);
  expect(res.status).toBe(200);
  expect(res.body).toEqual(body);
});
