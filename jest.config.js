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
};
