'use strict';
// The preview pair's cookies, minted by the library itself on one of the
// servers (all share bench/server.js's preview keys): the data cookie pair
// from res.setPreviewData(), and the draft-mode cookie alone. Written into
// REQ.previewData / REQ.draft, which bench/run.js and bench/profile.js share.

const { get } = require('./http');

async function mintPreviewCookies(port, REQ) {
  const r = await get(port, { path: `${REQ.previewPlain.path}?set=1` });
  const setCookie = r.headers['set-cookie'] || [];
  const pairs = setCookie.map((c) => c.split(';')[0]);
  const bypass = pairs.find((p) => p.startsWith('__prerender_bypass='));
  const data = pairs.find((p) => p.startsWith('__next_preview_data='));
  if (r.status !== 200 || !bypass || !data) throw new Error(`could not mint preview cookies: ${r.status} ${JSON.stringify(setCookie)}`);
  REQ.previewData.headers.cookie = `theme=dark; ${bypass}; ${data}`;
  REQ.draft.headers.cookie = `theme=dark; ${bypass}`;
}

module.exports = { mintPreviewCookies };
