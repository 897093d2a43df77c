// A catch-all route: GET /api/posts/2024/hello → req.query.slug === ['2024', 'hello']
export default function handler(req, res) {
  res.status(200).json({ slug: req.query.slug });
}
