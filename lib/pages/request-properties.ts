/**
 * The request-side properties of docs/next-behaviour.md §1 step 4, defined as own enumerable
 * properties of `req` in Next's order: `cookies, query, previewData, preview,
 * draftMode` (then `body`, set by the resolver once it is parsed).
 *
 * `defineProperty` rather than assignment: Express 5 exposes `req.query` as a
 * getter on its prototype, so assigning would either throw or be lost;
 * Express's prototypes are never touched. The lazy properties use getters
 * shared by every request (state in a symbol slot), so V8 reuses one object
 * layout for every request instead of building one per request from fresh
 * closures (docs/design.md "Rules that keep it fast").
 */
import { IncomingMessage } from 'node:http';
import { parseCookies } from './cookies';
import { derivedPrototypes } from './derived-prototype';
import { dataProperty } from './own-keys';
import { buildQuery } from './query';
import type { PreviewData } from '../types';

const PREVIEW_DATA = Symbol('next-api-express previewData');

type NextRequest = IncomingMessage & { previewData?: PreviewData; preview?: true; [PREVIEW_DATA]?: PreviewData };

/**
 * Next's `setLazyProp` (docs/next-behaviour.md §7, §9): enumerable and configurable; the first
 * read computes the value and replaces the accessor with a writable data
 * property; an assignment before the first read replaces it without computing.
 */
function lazy(key: string, compute: (req: NextRequest) => unknown): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: NextRequest): unknown {
      const value = compute(this);
      Object.defineProperty(this, key, dataProperty(value));
      return value;
    },
    set(this: NextRequest, value: unknown): void {
      Object.defineProperty(this, key, dataProperty(value));
    },
  };
}

const COOKIES = lazy('cookies', (req) => parseCookies(req.headers.cookie));

// previewData was evaluated eagerly (docs/next-behaviour.md §9 "When it is evaluated", Next 16);
// `preview`/`draftMode` still follow a `previewData` assigned before they are read.
const PREVIEW: PropertyDescriptorMap = {
  previewData: lazy('previewData', (req) => req[PREVIEW_DATA]),
  preview: lazy('preview', (req) => (req.previewData !== false ? true : undefined)),
  draftMode: lazy('draftMode', (req) => req.preview),
};

/**
 * For requests whose prototype a framework already switched (Express sets
 * `app.request` on every request): `cookies`, `previewData`, `preview` and
 * `draftMode` as accessors on one derived prototype per framework prototype,
 * made once. Measured with `npm run bench`: defining own properties on such
 * an object costs a fresh object layout (and garbage) per request, a cached
 * prototype switch does not. Reading and assigning behave as on Next's own
 * properties; only `Object.keys(req)` no longer lists them. `req.query` stays
 * an own data property everywhere (Express 5's is a getter on its prototype).
 * Nobody's prototype is modified: the derived object is ours.
 */
const DERIVED: PropertyDescriptorMap = { cookies: COOKIES, ...PREVIEW };
const derivedPrototypeOf = derivedPrototypes(DERIVED);

export function defineRequestProperties(
  req: IncomingMessage,
  search: string,
  params: Record<string, string | string[]>,
  previewData: PreviewData,
): void {
  (req as NextRequest)[PREVIEW_DATA] = previewData;
  const base = Object.getPrototypeOf(req) as object;
  if (base === IncomingMessage.prototype) {
    Object.defineProperty(req, 'cookies', COOKIES);
    Object.defineProperty(req, 'query', dataProperty(buildQuery(search, params)));
    Object.defineProperties(req, PREVIEW);
    return;
  }
  Object.setPrototypeOf(req, derivedPrototypeOf(base));
  // cookie-parser upstream leaves an own `req.cookies`, which would hide Next's.
  if (Object.prototype.hasOwnProperty.call(req, 'cookies')) Object.defineProperty(req, 'cookies', COOKIES);
  Object.defineProperty(req, 'query', dataProperty(buildQuery(search, params)));
}
