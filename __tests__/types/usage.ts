// Everything here must compile: the public types as Next projects and apps use them.
import { createServer } from 'node:http';
import express from 'express';
import apiRoutesDefault, {
  apiRoutes,
  revalidateNextFrontend,
  type ApiRoutesMiddleware,
  type ApiRoutesOptions,
  type Explanation,
  type NextApiHandler,
  type NextApiRequest,
  type NextApiResponse,
  type PageConfig,
  type RouteInfo,
} from 'next-api-express';

// Handlers written the ways Next's docs write them.
type User = { id: string; name: string };
export const typedHandler: NextApiHandler<User | { error: string }> = async (req, res) => {
  const id = req.query.id; // string | string[] | undefined
  if (typeof id !== 'string') return res.status(400).json({ error: 'id' });
  const name: string = req.body.name; // body is `any`, as in Next
  res.status(200).json({ id, name });
};

export function untyped(req: NextApiRequest, res: NextApiResponse) {
  const session: string | undefined = req.cookies.session;
  const preview: boolean | undefined = req.preview;
  res.setHeader('Cache-Control', 'no-store');
  if (!session) return res.redirect(307, '/login');
  if (preview) res.setPreviewData({ user: session }, { maxAge: 60, path: '/' }).clearPreviewData();
  res.setDraftMode({ enable: true }).status(200).send(Buffer.from('ok'));
  void res.revalidate('/blog/1', { unstable_onlyGenerated: true });
}

export const config: PageConfig = {
  api: { bodyParser: { sizeLimit: '500kb' }, responseLimit: false, externalResolver: true },
  maxDuration: 5,
};
export const configNumber: PageConfig = { api: { bodyParser: { sizeLimit: 1024 }, responseLimit: '8mb' } };
export const configOff: PageConfig = { api: { bodyParser: false } };

// Mounting.
const options: ApiRoutesOptions = {
  basePath: '/api',
  pageExtensions: ['ts', 'js'],
  trailingSlash: 'ignore',
  onError: 'next',
  logger: console,
  dev: false,
  watch: false,
  preview: { previewModeId: 'x'.repeat(32), previewModeSigningKey: 'y'.repeat(32), previewModeEncryptionKey: 'z'.repeat(32) },
  revalidate: revalidateNextFrontend({ origin: 'https://www.example.com' }),
};
const api: ApiRoutesMiddleware = apiRoutes('./pages/api', options);
const app = express();
app.use('/api', api);
app.use('/v2', apiRoutesDefault('./pages/api'));
createServer(apiRoutes('./pages/api', { basePath: '/api' }));

const rows: readonly RouteInfo[] = api.routes;
const kinds: Array<'static' | 'dynamic' | 'catch-all' | 'optional-catch-all'> = rows.map((r) => r.kind);
const explained: Explanation = api.explain('/users/1');
if (explained.outcome === 'match') {
  const file: string = explained.route.file;
  const params: Record<string, string | string[]> = explained.params;
  void file;
  void params;
} else if (explained.outcome === 'no-match') {
  const reason: string = explained.reason;
  void reason;
}
void kinds;
void api.ready().then(() => api.close());
