'use strict';
// One server of bench/profile-scenarios.js, started by a tool that watches it
// from outside (bench/icount.js under valgrind, bench/v8-misses.js with V8's
// logs): wait until it listens, check its answer, and warm it up the same
// way for every tool.

const { get, sendRequests } = require('./http');
const { mintPreviewCookies } = require('./preview-cookies');
const { REQ } = require('../scenarios');

/** The port the child (bench/server.js) reports over IPC; rejects if it exits first. */
function readyPort(child, scenario, stderrTail = () => '') {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server ${scenario.server} exited (${code}) before it was ready${stderrTail()}`)));
    child.on('message', (m) => m && m.type === 'ready' && resolve(m.port));
  });
}

/**
 * A preview/draft scenario's cookie minted first (by the server itself), then
 * one checked request, `warmup` requests, then a quarter of that again on new
 * connections: the first requests on fresh sockets deoptimise a few of Node's
 * own functions ("wrong map", seen with --trace-deopt on every server kind,
 * the bare one included), and their recompilation would otherwise land in
 * what is measured next.
 */
async function warmUp(port, scenario, warmup, connections) {
  if (scenario.req.cookie && !scenario.req.headers.cookie) await mintPreviewCookies(port, REQ);
  const first = await get(port, scenario.req);
  if (scenario.req.check && !scenario.req.check(first.body)) throw new Error(`${scenario.id}: unexpected answer ${first.status} ${first.body}`);
  await sendRequests(port, scenario.req, warmup, connections);
  await sendRequests(port, scenario.req, Math.ceil(warmup / 4), connections);
}

module.exports = { readyPort, warmUp };
