import { cookies } from 'next/headers';
import { NextResponse, type NextRequest } from 'next/server';

// An App Router route handler: GET /api/greet?name=Ada answers JSON; POST
// /api/greet with {"name": "..."} remembers the name in a cookie.
export async function GET(request: NextRequest) {
  const remembered = (await cookies()).get('name')?.value;
  const name = request.nextUrl.searchParams.get('name') ?? remembered ?? 'stranger';
  return NextResponse.json({ greeting: `Hello, ${name}` });
}

export async function POST(request: Request) {
  const { name } = (await request.json()) as { name?: unknown };
  if (typeof name !== 'string' || name === '') {
    return NextResponse.json({ error: 'name must be a non-empty string' }, { status: 400 });
  }
  (await cookies()).set('name', name, { httpOnly: true, sameSite: 'lax' });
  return NextResponse.json({ saved: name }, { status: 201 });
}
