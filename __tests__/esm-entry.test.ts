// The ESM entries re-export every runtime export of the CommonJS build, so
// `import { x } from 'next-api-express'` works for each name the types promise.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

test.each([
  ['next-api-express', 'dist/index.js'],
  ['next-api-express/testing', 'dist/testing.js'],
])('%s: ESM named exports match the CommonJS build', (specifier, built) => {
  const cjsNames = Object.keys(require(join(root, built))).filter((name) => name !== 'default').sort();
  const script = `import * as esm from '${specifier}'; console.log(JSON.stringify(Object.keys(esm).filter((n) => n !== 'default').sort()));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual(cjsNames);
});

test('the default ESM import is the function itself', () => {
  const script = "import apiRoutes, { apiRoutes as named } from 'next-api-express'; console.log(typeof apiRoutes, apiRoutes === named);";
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  expect(result.stdout.trim()).toBe('function true');
});
