// The runner matrix (fastify-autoload style): `next-api-express/testing`, as
// the built package resolves it through package.json `exports`, under jest +
// ts-jest, jest + babel-jest, vitest and `node --test`, each run as a user
// would run it from the sample project in test-runners/ (the App Router
// helpers under the three that can import a TypeScript route module). Each runner runs
// twice: its suite (exit 0, every test passing), then its `*.fails.test.*`
// file, where `throwErrors: true` must make the runner report the handler's
// own error and stack.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(__dirname, '..');
const cwd = join(repo, 'test-runners');
const bin = (...parts: string[]): string => join(repo, 'node_modules', ...parts);

interface Run {
  code: number | null;
  output: string;
}

function run(args: string[], expectThrown: boolean): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' };
  // This file runs inside a jest worker: the child jest must not think it is one.
  delete env.JEST_WORKER_ID;
  if (expectThrown) env.RUNNERS_EXPECT_THROWN = '1';
  else delete env.RUNNERS_EXPECT_THROWN;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** The runner's own summary line, e.g. jest's `Tests:` or vitest's `Tests`. */
function line(output: string, pattern: RegExp): string {
  const found = pattern.exec(output);
  if (!found) throw new Error(`no line matching ${pattern} in:\n${output}`);
  return found[1].trim();
}

/** Where broken.ts throws, as the runner prints it: the handler's own stack, not a 500. */
const HANDLER_FRAME = 'src/pages/api/broken.ts:3:9';
const FAILS_TEST = 'throwErrors: the handler error fails the test';

beforeAll(() => {
  if (!existsSync(join(repo, 'dist', 'testing.js'))) throw new Error('dist/ is missing: run `npm test`, which builds first');
});

// Spawning runners takes a few seconds each on a small machine.
jest.setTimeout(60_000);

describe('jest + ts-jest', () => {
  const jestArgs = [bin('jest', 'bin', 'jest.js'), '--config', 'jest.ts-jest.config.js'];

  test('the suite passes (README examples included)', async () => {
    const { code, output } = await run(jestArgs, false);
    expect({ code, tests: line(output, /^Tests:(.*)$/m) }).toEqual({ code: 0, tests: '9 passed, 9 total' });
    // The README's examples, verbatim, and the App Router helpers.
    expect(output).toContain('PASS tests/ts-jest/app-router.test.ts');
    expect(output).toContain('PASS tests/ts-jest/readme-route.test.ts');
    expect(output).toContain('PASS tests/ts-jest/readme.test.ts');
    expect(output).toContain('PASS tests/ts-jest/readme-handler.test.ts');
  });

  test('throwErrors fails the test with the handler error', async () => {
    const { code, output } = await run([...jestArgs, 'throw-errors'], true);
    expect({ code, tests: line(output, /^Tests:(.*)$/m) }).toEqual({ code: 1, tests: '1 failed, 1 total' });
    expect(output).toContain(`● ${FAILS_TEST}\n\n    broken handler\n`);
    expect(output).toContain(HANDLER_FRAME);
  });
});

describe('jest + babel-jest', () => {
  const jestArgs = [bin('jest', 'bin', 'jest.js'), '--config', 'jest.babel.config.js'];

  test('the suite passes', async () => {
    const { code, output } = await run(jestArgs, false);
    expect({ code, tests: line(output, /^Tests:(.*)$/m) }).toEqual({ code: 0, tests: '6 passed, 6 total' });
    expect(output).toContain('PASS tests/babel-jest/app-router.test.js');
  });

  test('throwErrors fails the test with the handler error', async () => {
    const { code, output } = await run([...jestArgs, 'throw-errors'], true);
    expect({ code, tests: line(output, /^Tests:(.*)$/m) }).toEqual({ code: 1, tests: '1 failed, 1 total' });
    expect(output).toContain(`● ${FAILS_TEST}\n\n    broken handler\n`);
    expect(output).toContain(HANDLER_FRAME);
  });
});

describe('vitest', () => {
  const vitestArgs = [bin('vitest', 'vitest.mjs'), 'run', '--config', 'vitest.config.mts'];

  test('the suite passes', async () => {
    const { code, output } = await run(vitestArgs, false);
    expect({ code, tests: line(output, /^\s*Tests\s+(.*)$/m) }).toEqual({ code: 0, tests: '7 passed (7)' });
    expect(output).toContain('tests/vitest/app-router.test.ts (2 tests)');
  });

  // vitest does not pin an uncaught error on a test: the test passes and the
  // run fails, naming the test and printing the handler's stack.
  test('throwErrors fails the run with the handler error', async () => {
    const { code, output } = await run([...vitestArgs, 'throw-errors'], true);
    expect({
      code,
      tests: line(output, /^\s*Tests\s+(.*)$/m),
      errors: line(output, /^\s*Errors\s+(.*)$/m),
    }).toEqual({ code: 1, tests: '1 passed (1)', errors: '1 error' });
    expect(output).toContain('Error: broken handler');
    expect(output).toContain(`The latest test that might've caused the error is "${FAILS_TEST}"`);
    expect(output).toContain(HANDLER_FRAME);
  });
});

describe('node --test', () => {
  const files = ['tests/node/helpers.test.mjs', 'tests/node/helpers.test.cjs'];
  const counts = (output: string): { pass: string; fail: string } => ({ pass: line(output, /^# pass (\d+)$/m), fail: line(output, /^# fail (\d+)$/m) });

  test('the suite passes (ESM import and require)', async () => {
    const { code, output } = await run(['--test', ...files], false);
    expect({ code, ...counts(output) }).toEqual({ code: 0, pass: '6', fail: '0' });
  });

  test('throwErrors fails the test with the handler error', async () => {
    const { code, output } = await run(['--test', 'tests/node/throw-errors.fails.test.mjs'], true);
    expect({ code, ...counts(output) }).toEqual({ code: 1, pass: '0', fail: '1' });
    expect(output).toContain(`not ok 1 - ${FAILS_TEST}`);
    expect(output).toContain("failureType: 'uncaughtException'\n  error: 'broken handler'");
    expect(output).toContain(HANDLER_FRAME);
  });
});
