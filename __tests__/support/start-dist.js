// A fresh `node` process on the built package: `node start-dist.js <dir> <compileCache as JSON>`.
// Mounts <dir> with basePath /api, imports every route (ready()), listens, and prints one
// JSON line: { port, compilerLoaded } — whether the compiler (sucrase) was ever required.
const http = require('node:http');
const { sep } = require('node:path');
const { apiRoutes } = require('../../dist');

const [dir, cacheJson] = process.argv.slice(2);
const api = apiRoutes(dir, { basePath: '/api', compileCache: JSON.parse(cacheJson) });
api.ready().then(
  () => {
    const compilerLoaded = Object.keys(require.cache).some((file) => file.includes(`${sep}sucrase${sep}`));
    const server = http.createServer(api);
    server.listen(0, '127.0.0.1', () => {
      process.stdout.write(`${JSON.stringify({ port: server.address().port, compilerLoaded })}\n`);
    });
    process.on('SIGTERM', () => server.close(() => process.exit(0)));
  },
  (err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
