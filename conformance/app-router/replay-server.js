'use strict';
// The server the App Router replay test (__tests__/app-router-conformance.test.ts)
// sends the cases to: the fixture project mounted with the built package
// (dist/) — appRoutes() on app/api, apiRoutes() on pages/api — on one host
// (`express5`, `express4` or `node`), or the whole project through
// projectRoutes() on Express 5 (`project`), in a plain Node process of its own.
//
// A process of its own, not the test runner's: Web handlers meet the Fetch
// classes of Node's main realm (their errors are `instanceof Error` there),
// which a jest sandbox would split across two realms.
//
// IPC with the parent:
//   child → parent  { port }                 once listening
//   parent → child  { mark: <id> }           log lines from now on belong to <id>
//   child → parent  { marked: <id> }         (IPC is ordered: every earlier line has arrived)
//   child → parent  { log: <text>, mark }    a line the package logged, or a fixture's console.log
//   parent → child  { stop: true }           close and exit

const { createServer } = require('node:http');
const { join } = require('node:path');
const { format } = require('node:util');
const { apiRoutes, appRoutes, projectRoutes } = require('../../dist');

const host = process.argv[2];
const preview = JSON.parse(process.argv[3]);
const fixtures = join(__dirname, 'fixtures');
let mark = null;

const send = (text) => process.send({ log: text, mark });
const logger = { error: (...args) => send(format(...args)), warn: (...args) => send(format(...args)) };
// The fixtures print "[fixture] ..." lines with console.log: part of the compared log.
console.log = (...args) => send(format(...args));
console.error = (...args) => send(format(...args));

function makeServer() {
  const options = { preview, logger, dev: false };
  const appDir = join(fixtures, 'app', 'api');
  const pagesDir = join(fixtures, 'pages', 'api');
  if (host === 'node') {
    const app = appRoutes(appDir, { ...options, basePath: '/api' });
    const pages = apiRoutes(pagesDir, { ...options, basePath: '/api' });
    return createServer((req, res) => app(req, res, () => pages(req, res)));
  }
  const express = require(host === 'express4' ? 'express4' : 'express');
  const app = express();
  // Express's own header, set before any middleware (docs/design.md "Host behaviour stays the host's").
  app.disable('x-powered-by');
  if (host === 'project') {
    // The project as next start served it when recording: pages/ and app/ together.
    app.use(projectRoutes(fixtures, options));
    return createServer(app);
  }
  app.use('/api', appRoutes(appDir, options));
  app.use('/api', apiRoutes(pagesDir, options));
  return createServer(app);
}

const server = makeServer();
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));

process.on('message', (message) => {
  if (message.mark !== undefined) {
    mark = message.mark;
    process.send({ marked: message.mark });
  } else if (message.stop) {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
