// ESM syntax in a `.js` file of a package without "type": "module", as Next allows.
export const config = { api: { bodyParser: { sizeLimit: '16b' } } };

export default async function user(req, res) {
  res.status(200).json({ id: req.query.id, method: req.method, body: req.body ?? null });
}
