// Serves a project folder through projectRoutes() of the built package in a
// plain `node` process — Node's own `require`, as in production (under jest,
// packages are loaded by jest's module registry instead of Node's):
// `node serve-project-dist.js <dir> <express|node> [restored]`.
// Prints one JSON line, { port, wrapped, once, restored }: whether Node's
// Module._load was wrapped by the mount, left alone by a second mount, and (with
// `restored`) put back by restorePackageRequires(). The library's log lines go
// to stderr.
const http = require('node:http');
const Module = require('node:module');
const { projectRoutes } = require('../../dist');
const { restorePackageRequires } = require('../../dist/loading/package-requires');

const [dir, host, mode] = process.argv.slice(2);
const line = (level) => (...args) => process.stderr.write(`${level}: ${args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')}\n`);
const options = {
  logger: { error: line('error'), warn: line('warn') },
  preview: { previewModeId: 'test-preview-mode-id-0001', previewModeSigningKey: 'test-signing-key-000000000001', previewModeEncryptionKey: 'test-encryption-key-0000000001' },
};

const original = Module._load;
projectRoutes(dir, options);
const first = Module._load;
const middleware = projectRoutes(dir, options);
const report = { wrapped: first !== original, once: Module._load === first, restored: false };
if (mode === 'restored') {
  restorePackageRequires();
  report.restored = Module._load === original;
}

let listener = middleware;
if (host === 'express') {
  const app = require('express')();
  app.use(middleware);
  listener = app;
}
const server = http.createServer(listener);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, ...report })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
