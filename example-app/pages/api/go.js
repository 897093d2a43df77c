// res.redirect as in Next: 307 by default.
export default function handler(req, res) {
  res.redirect('/api/hello');
}
