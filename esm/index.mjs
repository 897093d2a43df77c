// ESM entry: the CommonJS build re-exported, so `import apiRoutes from
// 'next-api-express'` gives the function itself (Node's default import of a
// CommonJS module would give the whole exports object).
import cjs from '../dist/index.js';

export const apiRoutes = cjs.apiRoutes;
export const appRoutes = cjs.appRoutes;
export const projectRoutes = cjs.projectRoutes;
export const detectRoutesFolder = cjs.detectRoutesFolder;
export const nextConfigPageExtensions = cjs.nextConfigPageExtensions;
export const NextRequest = cjs.NextRequest;
export const NextResponse = cjs.NextResponse;
export const NextURL = cjs.NextURL;
export const MemoryRouteCacheStore = cjs.MemoryRouteCacheStore;
export const ApiError = cjs.ApiError;
export const OptionError = cjs.OptionError;
export const RouteLoadError = cjs.RouteLoadError;
export const RouteTreeError = cjs.RouteTreeError;
export const revalidateNextFrontend = cjs.revalidateNextFrontend;
export const loadEnv = cjs.loadEnv;
export default cjs.apiRoutes;
