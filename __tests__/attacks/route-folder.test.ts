/**
 * Hostile routes folders: a symlink that loops back to one of its own parent
 * folders. Scanned naively, every route appears again under each turn of the
 * loop until the OS refuses the path (dozens of nested copies). Checked in
 * process: `apiRoutes()` is synchronous and nothing here can crash a server.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiRoutes } from '../../lib';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'attack-routes-'));
  mkdirSync(join(root, 'api', 'sub'), { recursive: true });
  mkdirSync(join(root, 'shared'));
  writeFileSync(join(root, 'api', 'a.js'), 'export default (req, res) => res.send("a");\n');
  writeFileSync(join(root, 'api', 'sub', 'b.js'), 'export default (req, res) => res.send("b");\n');
  writeFileSync(join(root, 'shared', 'c.js'), 'export default (req, res) => res.send("c");\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('a symlink back to a parent folder is a clear error naming the link, not nested copies of every route', () => {
  symlinkSync('..', join(root, 'api', 'sub', 'loop'));
  expect(() => apiRoutes(join(root, 'api'))).toThrow(/symlink cycle.*sub[/\\]loop/);
});

test('a symlink to the folder itself is a clear error too', () => {
  symlinkSync('.', join(root, 'api', 'self'));
  expect(() => apiRoutes(join(root, 'api'))).toThrow(/symlink cycle.*self/);
});

test('a symlink to a folder outside the tree is followed (no cycle)', () => {
  symlinkSync(join(root, 'shared'), join(root, 'api', 'shared'));
  expect(apiRoutes(join(root, 'api')).routes.map((r) => r.route)).toEqual(['/a', '/shared/c', '/sub/b']);
});

test('two links to the same outside folder are both served (a repeat is not a cycle)', () => {
  symlinkSync(join(root, 'shared'), join(root, 'api', 'one'));
  symlinkSync(join(root, 'shared'), join(root, 'api', 'two'));
  expect(apiRoutes(join(root, 'api')).routes.map((r) => r.route)).toEqual(['/a', '/one/c', '/sub/b', '/two/c']);
});
