// ESM entry of `next-api-express/testing`: the CommonJS build re-exported by
// name (one instance of the library, shared with `require()` users).
import cjs from '../dist/testing.js';

export const createTestApp = cjs.createTestApp;
export const testHandler = cjs.testHandler;
export const testRoute = cjs.testRoute;
