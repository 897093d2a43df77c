// Runner matrix: jest + ts-jest. Run from this folder: `npx jest --config jest.ts-jest.config.js`.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/ts-jest'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // For handlers a test imports itself; route files are loaded by the library.
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
};
