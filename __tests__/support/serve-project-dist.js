// Serves a project folder through projectRoutes() of the built package in a
// plain `node` process — Node's own `require`, as in production (under jest,
// packages are loaded by jest's module registry instead of Node's), on Express 5
// and on `node:http`: `node serve-project-dist.js <dir> [restored]`.
// Prints one JSON line, { express, node, wrapped, once, restored }: the two
// ports, and whether Node's
// Module._load was wrapped by the mount, left alone by a second mount, and (with
// `restored`) put back by restorePackageRequires(). The library's log lines go
// to stderr.
const http = require('node:http');
const Module = require('node:module');
const { projectRoutes } = require('../../dist');
const { restorePackageRequires } = require('../../dist/loading/package-requires');

const [dir, mode] = process.argv.slice(2);
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

const app = require('express')();
app.use(middleware);
const servers = { express: http.createServer(app), node: http.createServer(middleware) };
const ports = {};
for (const [name, server] of Object.entries(servers)) {
  server.listen(0, '127.0.0.1', () => {
    ports[name] = server.address().port;
    if (Object.keys(ports).length === 2) process.stdout.write(`${JSON.stringify({ ...ports, ...report })}\n`);
  });
}
process.on('SIGTERM', () => {
  for (const server of Object.values(servers)) server.close();
  process.exit(0);
});
