// A handler from a Next.js project whose only edit is the import source.
import type { NextApiRequest, NextApiResponse } from 'next-api-express'; // was: from 'next'

export default function handler(req: NextApiRequest, res: NextApiResponse<{ name: string }>) {
  res.status(200).json({ name: 'John Doe' });
}
