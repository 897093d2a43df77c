import type { NextApiRequest, NextApiResponse } from 'next';
import { users } from '@/lib/store';

// A dynamic route: GET /api/users/1 → req.query.id === '1'
export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const user = users.find((u) => u.id === req.query.id);
  if (!user) return res.status(404).json({ error: `No user ${req.query.id}` });
  res.status(200).json(user);
}
