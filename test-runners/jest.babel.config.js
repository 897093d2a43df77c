// Runner matrix: jest + babel-jest (preset-env + preset-typescript, no type
// checking). Run from this folder: `npx jest --config jest.babel.config.js`.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/babel-jest'],
  transform: {
    '^.+\\.[jt]s$': ['babel-jest', { presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript'] }],
  },
  // The package under test is used as installed: its built files are not transformed.
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/../dist/', '<rootDir>/../esm/'],
  // `*.fails.test.*` fail on purpose; __tests__/runners.test.ts runs them.
  testPathIgnorePatterns: process.env.RUNNERS_EXPECT_THROWN === '1' ? [] : ['\\.fails\\.test\\.'],
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/src/$1',
    // Route modules a test imports (testRoute) get this package's next/* modules, as route files loaded by the library do.
    '^next/(server|headers|navigation|cache)$': 'next-api-express/next/$1',
  },
};
