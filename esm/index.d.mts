import { apiRoutes } from '../dist/index.js';

export * from '../dist/index.js';
export default apiRoutes;
