/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/__tests__/tsconfig.json' }] },
  // Fixture folders are Next.js projects: they are loaded by the library's own
  // loader, never by jest's module system.
  modulePathIgnorePatterns: ['<rootDir>/__tests__/fixtures/', '<rootDir>/conformance/'],
  testTimeout: 20000,
  // Jest's default on a 2-core machine is one worker; most of a test's time is
  // spent waiting on sockets and child processes, so two workers halve the run
  // (~190 s -> ~105 s here) without starving either.
  maxWorkers: 2,
};
