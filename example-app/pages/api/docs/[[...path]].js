// An optional catch-all: GET /api/docs and GET /api/docs/a/b both land here.
export default function handler(req, res) {
  res.status(200).json({ path: req.query.path ?? null });
}
