// Runner matrix: vitest. Run from this folder: `npx vitest run --config vitest.config.mts`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // For handlers a test imports itself; route files are loaded by the library.
  resolve: {
    alias: [
      { find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
      // Route modules a test imports (testRoute) get this package's next/* modules, as route files loaded by the library do.
      { find: /^next\/(server|headers|navigation|cache)$/, replacement: 'next-api-express/next/$1' },
    ],
  },
  test: {
    include: ['tests/vitest/**/*.test.ts'],
    // `*.fails.test.*` fail on purpose; __tests__/runners.test.ts runs them.
    exclude: process.env.RUNNERS_EXPECT_THROWN === '1' ? [] : ['**/*.fails.test.*'],
  },
});
