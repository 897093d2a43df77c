// Type tests: usage.ts, migrated-handler.ts and esm-usage.mts must compile
// against the built declarations; every `@ts-expect-error` in
// expected-errors.ts must be a real error.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

test('the public types compile as documented, and reject what they should', () => {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(__dirname, 'types', 'tsconfig.json')], { encoding: 'utf8' });
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 60000);
