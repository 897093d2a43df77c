// bench/next-build.js keeps a `next build` of the bench fixtures while the hash of
// what went into it is unchanged: the hash must see every name and byte, and
// nothing else (not the order files were written in, not the folder's location).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeDir } from './support';

const { inputsHash } = require('../bench/next-build') as { inputsHash: (dir: string, extra?: string[]) => string };

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** A fresh folder holding `files` (relative path → content), written in the given order. */
function tree(files: Record<string, string>): string {
  const dir = tempDir('bench-hash');
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

const FIXTURES = {
  'api/hello.js': 'export default (req, res) => res.json({})\n',
  'api/users/[id].ts': 'export default function handler() {}\n',
};

describe('bench/next-build.js inputsHash()', () => {
  const base = inputsHash(tree(FIXTURES), ['next@16.4.6']);

  test('is a SHA-256 hex digest, the same for the same names and contents wherever and in whatever order they were written', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const reversed = Object.fromEntries(Object.entries(FIXTURES).reverse());
    expect(inputsHash(tree(reversed), ['next@16.4.6'])).toBe(base);
  });

  test('changes with a file content, a file name, an added file, a removed file and the extra strings', () => {
    const variants = [
      inputsHash(tree({ ...FIXTURES, 'api/hello.js': 'export default (req, res) => res.json({ a: 1 })\n' }), ['next@16.4.6']),
      inputsHash(tree({ 'api/hi.js': FIXTURES['api/hello.js'], 'api/users/[id].ts': FIXTURES['api/users/[id].ts'] }), ['next@16.4.6']),
      inputsHash(tree({ ...FIXTURES, 'api/new.js': '' }), ['next@16.4.6']),
      inputsHash(tree({ 'api/hello.js': FIXTURES['api/hello.js'] }), ['next@16.4.6']),
      inputsHash(tree(FIXTURES), ['next@16.4.7']),
      inputsHash(tree(FIXTURES), []),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  test('does not confuse bytes moved between a name and a content, or between two files', () => {
    expect(inputsHash(tree({ a: 'bc' }))).not.toBe(inputsHash(tree({ ab: 'c' })));
    expect(inputsHash(tree({ a: 'xy', b: '' }))).not.toBe(inputsHash(tree({ a: 'x', b: 'y' })));
    expect(inputsHash(tree({}), ['ab', 'c'])).not.toBe(inputsHash(tree({}), ['a', 'bc']));
  });
});
