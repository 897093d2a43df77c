'use strict';
// Route trees written for the start-up and scale measurements.

const fs = require('node:fs');
const path = require('node:path');

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const jsHandler = (name) => `export default function handler(req, res) {\n  res.status(200).json({ route: ${JSON.stringify(name)}, query: req.query });\n}\n`;
const tsHandler = (name) =>
  `import type { NextApiRequest, NextApiResponse } from 'next';\n\nexport default function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.status(200).json({ route: ${JSON.stringify(name)}, query: req.query });\n}\n`;

/**
 * `count` route files in `dir`, 10 per group folder: index, 7 static, `[id]`,
 * `[id]/detail.ts` — static, dynamic and nested, ESM `.js` and `.ts`.
 * Every tree has `/group0/[id]/detail` once it has 10 files.
 */
function writeMixedTree(dir, count) {
  const groups = Math.ceil(count / 10);
  let written = 0;
  for (let g = 0; g < groups && written < count; g++) {
    const files = [['index.js', jsHandler], ...Array.from({ length: 7 }, (_, k) => [`item${k}.js`, jsHandler]), ['[id].js', jsHandler], ['[id]/detail.ts', tsHandler]];
    for (const [name, make] of files) {
      if (written === count) break;
      write(path.join(dir, `group${g}`, name), make(`group${g}/${name}`));
      written++;
    }
  }
  return written;
}

/** A route as a TypeScript project writes one: types, an interface, a path-alias import of shared code. */
const tsRoute = (name, dynamic) => `import type { NextApiRequest, NextApiResponse } from 'next';
import { respond, type Reply } from '@/lib/respond';
import { requireMethod } from '@/lib/methods';

interface Payload {
  route: string;
  ${dynamic ? 'id: string;\n  ' : ''}query: NextApiRequest['query'];
}

enum Status {
  Ok = 200,
}

export default function handler(req: NextApiRequest, res: NextApiResponse<Reply<Payload>>) {
  if (!requireMethod(req, res, ['GET', 'HEAD'])) return;
  const payload: Payload = { route: ${JSON.stringify(name)}, ${dynamic ? 'id: String(req.query.id), ' : ''}query: req.query };
  respond(res, Status.Ok, payload);
}
`;

const SHARED = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, baseUrl: '.', paths: { '@/*': ['./*'] } } }, null, 2),
  'lib/respond.ts': `import type { NextApiResponse } from 'next';

export interface Reply<T> {
  ok: boolean;
  data: T;
}

export function respond<T>(res: NextApiResponse<Reply<T>>, status: number, data: T): void {
  res.status(status).json({ ok: status < 400, data });
}
`,
  'lib/methods.ts': `import type { NextApiRequest, NextApiResponse } from 'next';

export function requireMethod(req: NextApiRequest, res: NextApiResponse, allowed: readonly string[]): boolean {
  if (allowed.includes(req.method ?? 'GET')) return true;
  res.setHeader('Allow', allowed.join(', '));
  res.status(405).end();
  return false;
}
`,
};

/**
 * A TypeScript project in `project`: tsconfig with an `@/*` alias, two shared
 * modules in `lib/`, and `count` `.ts` routes under `pages/api`, 10 per group
 * (index, 8 static, `[id]`). Returns the routes folder.
 */
function writeTsProject(project, count) {
  for (const [rel, text] of Object.entries(SHARED)) write(path.join(project, rel), text);
  const api = path.join(project, 'pages', 'api');
  for (let i = 0; i < count; i++) {
    const g = Math.floor(i / 10);
    const k = i % 10;
    const name = k === 0 ? 'index.ts' : k === 9 ? '[id].ts' : `item${k}.ts`;
    write(path.join(api, `group${g}`, name), tsRoute(`group${g}/${name}`, k === 9));
  }
  return api;
}

module.exports = { writeMixedTree, writeTsProject };
