'use strict';
// The servers bench/profile.js and bench/icount.js look at one by one: an id,
// a server kind of bench/server.js, the request, and the route folder when it
// is not the Pages fixtures.

const { REQ, APP_DIR } = require('./scenarios');


const SCENARIOS = [
  ['bare', 'bare', REQ.hello],
  ['bare-next', 'bare-next', REQ.hello],
  ['node-static', 'node-api', REQ.hello],
  ['node-dynamic', 'node-api', REQ.dynamic],
  // Not a row of npm run bench: the POST path without Express, whose counts move
  // by ±15,000 between processes (bench/README.md "Phase 6"); node:http's by a few hundred.
  ['node-post', 'node-api', REQ.post],
  ['ex5-floor', 'express-floor', REQ.hello],
  ['ex5-static-hand', 'express-hand', REQ.hello],
  ['ex5-static-api', 'express-api', REQ.hello],
  ['ex5-dyn-hand', 'express-hand', REQ.dynamic],
  ['ex5-dyn-api', 'express-api', REQ.dynamic],
  ['ex5-post-hand', 'express-hand', REQ.post],
  ['ex5-post-api', 'express-api', REQ.post],
  ['ex4-static-hand', 'express4-hand', REQ.hello],
  ['ex4-static-api', 'express4-api', REQ.hello],
  ['ex4-dyn-hand', 'express4-hand', REQ.dynamic],
  ['ex4-dyn-api', 'express4-api', REQ.dynamic],
  ['ex4-post-hand', 'express4-hand', REQ.post],
  ['ex4-post-api', 'express4-api', REQ.post],
  ['app-get-hand', 'express-hand', REQ.hello],
  ['app-get-api', 'express-app', REQ.hello, APP_DIR],
  ['app-post-hand', 'express-hand', REQ.post],
  ['app-post-api', 'express-app', REQ.post, APP_DIR],
  ['app-stream-hand', 'express-hand', REQ.stream],
  ['app-stream-api', 'express-app', REQ.stream, APP_DIR],
  ['preview-none', 'node-api', REQ.previewPlain],
  ['preview-data', 'node-api', REQ.previewData],
  ['preview-draft', 'node-api', REQ.draft],
].map(([id, server, req, dir]) => ({ id, server, req, dir }));

/** The scenario with this id; an unknown id throws, listing the known ones. */
function scenarioById(id) {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`unknown scenario ${id}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return found;
}

module.exports = { SCENARIOS, scenarioById };
