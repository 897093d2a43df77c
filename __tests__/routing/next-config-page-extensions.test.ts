// pageExtensions as a next.config file's text sets it
// (lib/routing/next-config-page-extensions.ts): only a literal list of plain
// strings is taken; the rest is "unreadable", never guessed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nextConfigPageExtensions, OptionError } from '../../lib';
import { pageExtensionsInConfigText } from '../../lib/routing/next-config-page-extensions';
import { removeDir, tempDir } from '../support';

const read = (source: string) => pageExtensionsInConfigText(source, 'next.config.js');

test.each([
  ["module.exports = { pageExtensions: ['page.tsx', 'api.ts'] };", ['page.tsx', 'api.ts']],
  ['export default {\n  pageExtensions: [\n    "mdx",\n    "tsx",\n  ],\n};', ['mdx', 'tsx']],
  ["const nextConfig: NextConfig = { pageExtensions: ['ts'], basePath: '/docs' };\nexport default nextConfig;", ['ts']],
  ["module.exports = withMDX({ pageExtensions: ['md', 'mdx', 'ts'] });\n// pageExtensions: ['js']", ['md', 'mdx', 'ts']],
  ["/* pageExtensions: ['js'] */ const url = 'https://example.test/x'; module.exports = { pageExtensions: ['ts'] };", ['ts']],
])('a literal list: %s', (source, extensions) => {
  expect(read(source)).toEqual({ kind: 'literal', file: 'next.config.js', extensions });
});

test.each([
  "const pageExtensions = ['ts']; module.exports = { pageExtensions };",
  "module.exports = { pageExtensions: exts };",
  "module.exports = { pageExtensions: [...defaults, 'mdx'] };",
  "module.exports = { pageExtensions: isProd ? ['ts'] : ['ts', 'dev.ts'] };",
  "module.exports = process.env.X ? { pageExtensions: ['a.ts'] } : { pageExtensions: ['b.ts'] };",
])('set by code: unreadable (%s)', (source) => {
  expect(read(source)).toEqual({ kind: 'unreadable', file: 'next.config.js' });
});

test('not set, or only in a comment: absent', () => {
  expect(read("module.exports = { basePath: '/docs' };")).toEqual({ kind: 'absent' });
  expect(read("// pageExtensions: ['js']\nmodule.exports = {};")).toEqual({ kind: 'absent' });
});

test('nextConfigPageExtensions(projectDir): the list, undefined, or an OptionError naming the file', () => {
  const dir = tempDir('next-config');
  try {
    expect(nextConfigPageExtensions(dir)).toBeUndefined();
    writeFileSync(join(dir, 'next.config.ts'), "export default { pageExtensions: ['api.ts'] };\n");
    expect(nextConfigPageExtensions(dir)).toEqual(['api.ts']);
    writeFileSync(join(dir, 'next.config.ts'), 'export default { pageExtensions: list };\n');
    expect(() => nextConfigPageExtensions(dir)).toThrow(OptionError);
    expect(() => nextConfigPageExtensions(dir)).toThrow(/next\.config option "pageExtensions" is set in .*next\.config\.ts by code, not as a list of strings; pass the same list as the pageExtensions option \(CLI: --page-extensions\)/);
  } finally {
    removeDir(dir);
  }
});
