// An App Router route handler as create-next-app writes one: `next/server`,
// `next/headers` and the `@/` alias. Served by the library from the folder
// (`createTestApp('src/app')`) and run by tests that import it (`testRoute`).
import { cookies } from 'next/headers';
import { NextResponse, type NextRequest } from 'next/server';
import { greet } from '@/lib/greeting';

export async function GET(request: NextRequest, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const jar = await cookies();
  const visits = Number(jar.get('visits')?.value ?? '0') + 1;
  jar.set('visits', String(visits));
  return NextResponse.json({ message: greet(name), visits, loud: request.nextUrl.searchParams.has('loud') });
}

export async function POST(request: NextRequest) {
  const { name } = (await request.json()) as { name?: unknown };
  if (typeof name !== 'string') return NextResponse.json({ error: 'name must be a string' }, { status: 400 });
  return NextResponse.json({ message: greet(name) }, { status: 201 });
}
