'use strict';
// What `npm run bench` measures: requests, the groups of scenarios measured
// side by side, and the goals of issue 11 each group checks.
//
// A group's first scenario is the baseline of the others. `server` is a
// bench/server.js kind, or 'next' for `next start` of the build named by `next`
// ('pages' or 'app', made by bench/next-build.js); `dir` a routes folder
// other than bench/fixtures/pages/api (a function: resolved once the trees
// are written). A goal names a scenario of its group and bounds its ratio to
// the baseline: `rps` = the least req/s ratio, `cpu` = the most CPU-per-request
// ratio; `info: true` shows the ratio without a target.
//
// Extension point: a group with `requires(ctx)` runs only when that returns
// undefined; otherwise its goals are printed as pending with the reason. The
// App Router groups at the end use it, so they switch on by themselves once
// `appRoutes` is in dist/ — add rows the same way.

const path = require('node:path');
const { NEXT_VERSION } = require('./next-build');

const FIXTURES = path.join(__dirname, 'fixtures');
const APP_DIR = path.join(FIXTURES, 'app', 'api');

/** ~1 KB of JSON, the body of the POST pairs. */
const POST_BODY = JSON.stringify({
  items: Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `User ${i + 1}`, email: `user${i + 1}@example.com`, active: i % 2 === 0 })),
  meta: { page: 1, total: 12, requestId: '3f0c3c7e-6d1f-4a8b-9a2e-7d9a5b1c2e4f' },
});

const json = (b) => JSON.parse(b);
const REQ = {
  hello: { path: '/api/hello', check: (b) => json(b).name === 'John Doe' },
  dynamic: { path: '/api/users/42?x=1', check: (b) => json(b).id === '42' && json(b).x === '1' },
  post: {
    path: '/api/echo-body',
    method: 'POST',
    body: POST_BODY,
    headers: { 'content-type': 'application/json' },
    check: (b) => json(b).count === 12,
  },
  previewPlain: { path: '/api/preview-state', check: (b) => json(b).preview === false },
  // `headers.cookie` is minted by bench/run.js (GET /api/preview-state?set=1) before anything is measured.
  previewData: { path: '/api/preview-state', headers: {}, cookie: 'data', check: (b) => json(b).preview === true && json(b).data.user === 'bench' },
  draft: { path: '/api/preview-state', headers: {}, cookie: 'draft', check: (b) => json(b).preview === true && JSON.stringify(json(b).data) === '{}' },
  scale: { path: '/api/group0/42/detail?x=1', check: (b) => json(b).query.id === '42' },
  stream: { path: '/api/stream', check: (b) => b === 'chunk 1\nchunk 2\nchunk 3\n' },
};

const POST_LABEL = `POST ${POST_BODY.length} B JSON`;

/** `trees`: { scale10, scale10k } folders written by bench/run.js. */
function groups(trees) {
  return [
    {
      id: 'node',
      title: 'node:http + basePath',
      scenarios: [
        { id: 'bare', label: 'node:http bare, res.end(JSON)         GET /api/hello', short: 'bare http', server: 'bare', req: REQ.hello },
        { id: 'bare-next', label: 'node:http bare + ETag, Content-Length  GET /api/hello', short: 'bare, Next headers', server: 'bare-next', req: REQ.hello },
        { id: 'node-static', label: 'node:http + apiRoutes  static        GET /api/hello', server: 'node-api', req: REQ.hello },
        { id: 'node-dynamic', label: 'node:http + apiRoutes  dynamic .ts    GET /api/users/42?x=1', server: 'node-api', req: REQ.dynamic },
      ],
      goals: [
        { id: 'bare-next', text: "bare server sending Next's ETag and Content-Length too, vs bare server", info: true },
        { id: 'node-static', text: 'node:http + basePath, static route vs bare server', rps: 0.9 },
        { id: 'node-dynamic', text: 'node:http + basePath, dynamic route vs bare server', rps: 0.9 },
      ],
    },
    ...['express', 'express4'].flatMap((pkg) => {
      const v = pkg === 'express' ? 5 : 4;
      const p = pkg === 'express' ? 'ex5' : 'ex4';
      return [
        {
          id: `${p}-static`,
          title: `Express ${v}, static`,
          scenarios: [
            { id: `${p}-static-hand`, label: `Express ${v} app.get() hand-written      GET /api/hello`, short: 'Express route', server: `${pkg}-hand`, req: REQ.hello },
            { id: `${p}-static-api`, label: `Express ${v} + app.use('/api', apiRoutes) GET /api/hello`, server: `${pkg}-api`, req: REQ.hello },
          ],
          goals: [{ id: `${p}-static-api`, text: `Express ${v}, static route vs hand-written app.get()`, rps: 1.0, cpu: 1.0 }],
        },
        {
          id: `${p}-dynamic`,
          title: `Express ${v}, dynamic`,
          scenarios: [
            { id: `${p}-dyn-hand`, label: `Express ${v} app.get('/api/users/:id')    GET /api/users/42?x=1`, short: 'Express route', server: `${pkg}-hand`, req: REQ.dynamic },
            { id: `${p}-dyn-api`, label: `Express ${v} + apiRoutes  users/[id].ts   GET /api/users/42?x=1`, server: `${pkg}-api`, req: REQ.dynamic },
          ],
          goals: [{ id: `${p}-dyn-api`, text: `Express ${v}, dynamic route + query vs hand-written app.get()`, rps: 1.0, cpu: 1.0 }],
        },
      ];
    }),
    {
      id: 'post',
      title: 'Express 5, POST 1 KB JSON',
      scenarios: [
        { id: 'ex5-post-hand', label: `Express 5 express.json() + route      ${POST_LABEL}`, short: 'express.json()', server: 'express-hand', req: REQ.post },
        { id: 'ex5-post-api', label: `Express 5 + apiRoutes (lib parses)    ${POST_LABEL}`, server: 'express-api', req: REQ.post },
      ],
      goals: [{ id: 'ex5-post-api', text: 'Express 5, POST 1 KB JSON vs express.json() + hand-written route', rps: 1.1 }],
    },
    {
      id: 'preview',
      title: 'preview / draft cookie',
      scenarios: [
        { id: 'preview-none', label: 'node:http + apiRoutes, no cookie      GET /api/preview-state', short: 'no cookie', server: 'node-api', req: REQ.previewPlain },
        { id: 'preview-data', label: 'node:http + apiRoutes, preview cookie GET /api/preview-state', server: 'node-api', req: REQ.previewData },
        { id: 'preview-draft', label: 'node:http + apiRoutes, draft cookie   GET /api/preview-state', server: 'node-api', req: REQ.draft },
      ],
      goals: [
        { id: 'preview-data', text: 'valid preview-data cookie vs no cookie', rps: 0.8 },
        { id: 'preview-draft', text: 'valid draft-mode cookie vs no cookie', rps: 0.8 },
      ],
    },
    {
      id: 'scale',
      title: 'tree size',
      scenarios: [
        { id: 'scale-10', label: 'node:http + apiRoutes, 10 files      GET /api/group0/42/detail?x=1', short: '10 files', server: 'node-api', dir: () => trees.scale10, req: REQ.scale },
        { id: 'scale-10k', label: 'node:http + apiRoutes, 10,000 files  GET /api/group0/42/detail?x=1', server: 'node-api', dir: () => trees.scale10k, req: REQ.scale },
      ],
      // "as fast as with 10 files": within the noise of this bench, taken as 5 %.
      goals: [{ id: 'scale-10k', text: '10,000 route files: a request vs the same request with 10 files', rps: 0.95 }],
    },
    // --- next start (bench/next-build.js) -----------------------------------
    // `server: 'next'` with `next: 'pages' | 'app'`: `next start` of the build of
    // bench/fixtures/pages or bench/fixtures/app in .next-bench/, so Next and we
    // answer the same URL from the same route file. Baseline first: the ratio
    // is how many times Next's req/s we serve (and its CPU per request we use).
    {
      id: 'next-static',
      title: 'next start, static',
      requires: (ctx) => ctx.nextPagesMissing,
      scenarios: [
        { id: 'next-static', label: `next start (${NEXT_VERSION}), pages/api    GET /api/hello`, short: 'next start', server: 'next', next: 'pages', req: REQ.hello },
        { id: 'next-static-api', label: 'node:http + apiRoutes, same file     GET /api/hello', server: 'node-api', req: REQ.hello },
      ],
      goals: [{ id: 'next-static-api', text: 'Pages Router route vs next start (static)', info: true }],
    },
    {
      id: 'next-dynamic',
      title: 'next start, dynamic',
      requires: (ctx) => ctx.nextPagesMissing,
      scenarios: [
        { id: 'next-dyn', label: `next start (${NEXT_VERSION}), pages/api    GET /api/users/42?x=1`, short: 'next start', server: 'next', next: 'pages', req: REQ.dynamic },
        { id: 'next-dyn-api', label: 'node:http + apiRoutes, same file     GET /api/users/42?x=1', server: 'node-api', req: REQ.dynamic },
      ],
      goals: [{ id: 'next-dyn-api', text: 'Pages Router route vs next start (dynamic)', info: true }],
    },

    // --- App Router (appRoutes) ----------------------------------------------
    // Switch on once dist/ exports `appRoutes` (server kind `express-app`:
    // Express 5 + app.use('/api', appRoutes('bench/fixtures/app/api'))). The
    // route files are in bench/fixtures/app/api; the hand-written baselines in
    // bench/server.js (`/api/hello`, `/api/echo-body`, `/api/stream`).
    {
      id: 'app-get',
      title: 'App Router, GET Response.json',
      requires: (ctx) => ctx.appMissing,
      scenarios: [
        { id: 'app-get-hand', label: 'Express 5 app.get() hand-written      GET /api/hello', short: 'Express route', server: 'express-hand', req: REQ.hello },
        { id: 'app-get-api', label: "Express 5 + appRoutes route.ts       GET /api/hello", server: 'express-app', dir: () => APP_DIR, req: REQ.hello },
      ],
      goals: [{ id: 'app-get-api', text: 'App Router GET Response.json vs hand-written Express route', rps: 0.8 }],
    },
    {
      id: 'app-post',
      title: 'App Router, POST await request.json()',
      requires: (ctx) => ctx.appMissing,
      scenarios: [
        { id: 'app-post-hand', label: `Express 5 express.json() + route      ${POST_LABEL}`, short: 'express.json()', server: 'express-hand', req: REQ.post },
        { id: 'app-post-api', label: `Express 5 + appRoutes request.json()  ${POST_LABEL}`, server: 'express-app', dir: () => APP_DIR, req: REQ.post },
      ],
      goals: [{ id: 'app-post-api', text: 'App Router POST await request.json() vs express.json() + route', info: true }],
    },
    {
      id: 'app-stream',
      title: 'App Router, streamed response',
      requires: (ctx) => ctx.appMissing,
      scenarios: [
        { id: 'app-stream-hand', label: 'Express 5 res.write() x3 hand-written GET /api/stream', short: 'Express route', server: 'express-hand', req: REQ.stream },
        { id: 'app-stream-api', label: 'Express 5 + appRoutes ReadableStream  GET /api/stream', server: 'express-app', dir: () => APP_DIR, req: REQ.stream },
      ],
      goals: [{ id: 'app-stream-api', text: 'App Router streamed Response vs hand-written res.write()', info: true }],
    },
    {
      id: 'app-next',
      title: 'App Router vs next start',
      requires: (ctx) => ctx.appMissing || ctx.nextAppMissing,
      scenarios: [
        { id: 'app-next', label: `next start (${NEXT_VERSION}), app/api route    GET /api/hello`, short: 'next start', server: 'next', next: 'app', req: REQ.hello },
        // `next start` is a node:http server, so node:http + appRoutes is the like-for-like
        // row and carries the target. On Express 5 a hand-written GET alone costs 205-244
        // µs/req against Next's ~800-1,000, so 8x is out of reach there whatever appRoutes
        // costs: that row is shown without a target.
        { id: 'app-next-node', label: 'node:http + appRoutes, same route     GET /api/hello', server: 'node-app', dir: () => APP_DIR, req: REQ.hello },
        { id: 'app-next-api', label: 'Express 5 + appRoutes, same route     GET /api/hello', server: 'express-app', dir: () => APP_DIR, req: REQ.hello },
      ],
      goals: [
        { id: 'app-next-node', text: 'App Router GET (node:http) vs next start', rps: 8 },
        { id: 'app-next-api', text: 'App Router GET (Express 5) vs next start', info: true },
      ],
    },
  ];
}

module.exports = { groups, REQ, POST_BODY, APP_DIR };
