// Each line under `@ts-expect-error` must be an error: if one compiles, tsc
// reports the unused expectation and the type test fails.
import { apiRoutes, type NextApiHandler, type NextApiResponse, type PageConfig } from 'next-api-express';

export const wrongData: NextApiHandler<{ name: string }> = (req, res) => {
  // @ts-expect-error res.json() is typed by T
  res.json({ nom: 'x' });
  // @ts-expect-error res.send() is typed by T too
  res.send(42);
  // @ts-expect-error status takes a number
  res.status('200');
  // @ts-expect-error redirect takes (url) or (status, url)
  res.redirect('/a', 301);
  // @ts-expect-error cookies are strings
  const n: number = req.cookies.a;
  void n;
};

export function helpers(res: NextApiResponse) {
  // @ts-expect-error setDraftMode needs { enable }
  res.setDraftMode();
  // @ts-expect-error revalidate returns a promise
  const done: void = res.revalidate('/x');
  void done;
}

// @ts-expect-error bodyParser is false, true or { sizeLimit }
export const badConfig: PageConfig = { api: { bodyParser: 'yes' } };

// @ts-expect-error trailingSlash is 'redirect' | 'ignore'
apiRoutes('./pages/api', { trailingSlash: true });
// @ts-expect-error unknown options are errors
apiRoutes('./pages/api', { pagesExtensions: ['ts'] });
// @ts-expect-error preview needs all three keys
apiRoutes('./pages/api', { preview: { previewModeId: 'x'.repeat(32) } });
// @ts-expect-error dir is a string
apiRoutes(42);

// App Router misuse.
import type { AppRouteContext } from 'next-api-express';
import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';

export async function appMisuse(context: AppRouteContext<{ id: string }>) {
  // @ts-expect-error params is a Promise in Next 15+: await it
  const id: string = context.params.id;
  // @ts-expect-error cookies() is async in Next 15+
  cookies().get('session');
  // @ts-expect-error NextResponse.redirect takes a status or an init object
  NextResponse.redirect('https://example.com', 'permanent');
  void id;
}

// A whole project and testRoute misuse.
import { projectRoutes, type ProjectRouteInfo } from 'next-api-express';
import { testRoute } from 'next-api-express/testing';
// @ts-expect-error onError is 'respond' | 'next'
projectRoutes('.', { onError: 'throw' });
// @ts-expect-error dir is a string
projectRoutes({ dir: '.' });
export function rowConfig(row: ProjectRouteInfo): void {
  // @ts-expect-error a row's config is known only once `router` is checked (`dynamic` is App Router only)
  void row.config?.dynamic;
}
// @ts-expect-error dynamic is one of Next's values
testRoute({}, { config: { dynamic: 'sometimes' } });
// @ts-expect-error the test helpers answer errors themselves
testRoute({}, { onError: 'next' });
