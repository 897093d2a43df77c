// ESM consumers: the default import is the function itself, named imports work.
import apiRoutes, { apiRoutes as named, type NextApiHandler } from 'next-api-express';

const same: typeof named = apiRoutes;
export const handler: NextApiHandler<{ ok: boolean }> = (req, res) => res.json({ ok: true });
void same('./pages/api');
