// Serves a folder with the built package in a plain `node` process (no flags,
// no loader hooks, no test runner): `node serve-dist.js <dir>`. Prints the port.
const http = require('node:http');
const { apiRoutes } = require('../../dist');

const server = http.createServer(apiRoutes(process.argv[2], { basePath: '/api' }));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
