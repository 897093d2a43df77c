// TypeScript with the `@/` alias, as create-next-app writes it.
import type { NextApiRequest, NextApiResponse } from 'next-api-express';
import { greet } from '@/lib/greeting';

export default function hello(req: NextApiRequest, res: NextApiResponse<{ message: string }>) {
  res.status(200).json({ message: greet(String(req.query.name ?? 'world')) });
}
