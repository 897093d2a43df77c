/**
 * The request-side properties of spec §1 step 4, defined as own enumerable
 * properties of `req` in Next's order: `cookies, query, previewData, preview,
 * draftMode` (then `body`, set by the resolver once it is parsed).
 *
 * `defineProperty` rather than assignment: Express 5 exposes `req.query` as a
 * getter on its prototype, so assigning would either throw or be lost;
 * Express's prototypes are never touched. The lazy properties use getters
 * shared by every request (state in a symbol slot), so V8 reuses one object
 * layout for every request instead of building one per request from fresh
 * closures (DESIGN "Rules that keep it fast").
 */
import type { IncomingMessage } from 'node:http';
import { parseCookies } from './cookies';
import { buildQuery } from './query';
import type { PreviewData } from './types';

const PREVIEW_DATA = Symbol('express-next-api previewData');

type NextRequest = IncomingMessage & { previewData?: PreviewData; preview?: true; [PREVIEW_DATA]?: PreviewData };

function dataDescriptor(value: unknown): PropertyDescriptor {
  return { value, writable: true, enumerable: true, configurable: true };
}

/**
 * Next's `setLazyProp` (spec §7, §9): enumerable and configurable; the first
 * read computes the value and replaces the accessor with a writable data
 * property; an assignment before the first read replaces it without computing.
 */
function lazy(key: string, compute: (req: NextRequest) => unknown): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: NextRequest): unknown {
      const value = compute(this);
      Object.defineProperty(this, key, dataDescriptor(value));
      return value;
    },
    set(this: NextRequest, value: unknown): void {
      Object.defineProperty(this, key, dataDescriptor(value));
    },
  };
}

const COOKIES = lazy('cookies', (req) => parseCookies(req.headers.cookie));

// previewData was evaluated eagerly (spec §9 "When it is evaluated", Next 16);
// `preview`/`draftMode` still follow a `previewData` assigned before they are read.
const PREVIEW: PropertyDescriptorMap = {
  previewData: lazy('previewData', (req) => req[PREVIEW_DATA]),
  preview: lazy('preview', (req) => (req.previewData !== false ? true : undefined)),
  draftMode: lazy('draftMode', (req) => req.preview),
};

export function defineRequestProperties(
  req: IncomingMessage,
  search: string,
  params: Record<string, string | string[]>,
  previewData: PreviewData,
): void {
  Object.defineProperty(req, 'cookies', COOKIES);
  Object.defineProperty(req, 'query', dataDescriptor(buildQuery(search, params)));
  (req as NextRequest)[PREVIEW_DATA] = previewData;
  Object.defineProperties(req, PREVIEW);
}
