// An App Router route file as Next projects write it, compiled against this
// package: `next/server`, `next/headers`, `next/navigation` and `next/cache`
// resolve through the `paths` entry README "Types" documents (here pointing at
// the built declarations), without `next` installed. Everything must compile.
import { cookies, draftMode, headers } from 'next/headers';
import { revalidatePath, revalidateTag, unstable_noStore } from 'next/cache';
import { notFound, permanentRedirect, redirect, RedirectType } from 'next/navigation';
import { after, NextRequest, NextResponse } from 'next/server';
import express from 'express';
import { appRoutes, type AppRouteContext, type AppRoutesMiddleware, type RouteCacheStore } from 'next-api-express';

export const dynamic = 'force-dynamic';
export const revalidate = 60;

type Item = { id: string; name: string };

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const q: string | null = request.nextUrl.searchParams.get('q');
  const session: string | undefined = request.cookies.get('session')?.value;
  const agent: string | null = (await headers()).get('user-agent');
  if (!id) notFound();
  if (q === 'old') permanentRedirect(`/api/items/${id}`);
  if (q === 'login') redirect('/login', RedirectType.push);
  const draft = await draftMode();
  unstable_noStore();
  after(() => revalidateTag('items', 'max'));
  const body: Item = { id, name: `${session ?? ''}${agent ?? ''}${draft.isEnabled}` };
  const res = NextResponse.json(body, { status: 200 });
  res.cookies.set('seen', id, { httpOnly: true, sameSite: 'lax', maxAge: 60 });
  return res;
}

export async function POST(request: Request, context: AppRouteContext<{ id: string }>) {
  const { id } = await context.params;
  const data = (await request.formData()).get('file');
  const store = await cookies();
  store.set('last', id);
  store.delete('old');
  revalidatePath('/api/items', 'layout');
  return new Response(data, { status: 201 });
}

export function streams(): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('data: hi\n\n'));
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
}

const store: RouteCacheStore = {
  get: async () => undefined,
  set: async () => {},
  delete: () => {},
};
const mw: AppRoutesMiddleware = appRoutes('./app/api', { cache: store, trailingSlash: 'ignore' });
const app = express();
app.use('/api', mw);
app.use(appRoutes('./app'));
export const redirected: Response = NextResponse.redirect(new URL('/x', 'http://localhost'), 308);
