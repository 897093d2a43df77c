// Runner matrix: jest + ts-jest. Run from this folder: `npx jest --config jest.ts-jest.config.js`.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/ts-jest'],
  // 151002: ts-jest's notice that node16 module kinds want isolatedModules. It
  // still type-checks (a type error fails the suite); node16 is what resolves
  // `next-api-express/testing` through package.json `exports`.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  // For handlers a test imports itself; route files are loaded by the library.
  // `*.fails.test.*` fail on purpose; __tests__/runners.test.ts runs them.
  testPathIgnorePatterns: process.env.RUNNERS_EXPECT_THROWN === '1' ? [] : ['\\.fails\\.test\\.'],
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/src/$1',
    // Route modules a test imports (testRoute) get this package's next/* modules, as route files loaded by the library do.
    '^next/(server|headers|navigation|cache)$': 'next-api-express/next/$1',
  },
};
