import type { NextApiRequest, NextApiResponse } from 'next';
import { users } from '@/lib/store';

// An index route: GET /api/users lists, POST /api/users adds (JSON body).
export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === 'POST') {
    const user = { id: String(users.length + 1), name: String(req.body?.name ?? 'anonymous') };
    users.push(user);
    return res.status(201).json(user);
  }
  res.status(200).json(users);
}
