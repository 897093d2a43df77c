/**
 * The request-side properties of spec §1 step 4, defined as own enumerable
 * properties of `req` in Next's order: `cookies, query, previewData, preview,
 * draftMode` (then `body`, set by the resolver once it is parsed).
 *
 * `defineProperty` rather than assignment throughout: Express 5 exposes
 * `req.query` as a getter on its prototype, so assigning would either throw
 * or be lost; Express's prototypes are never touched.
 */
import type { IncomingMessage } from 'node:http';
import { defineCookies } from './cookies';
import { defineLazy, defineValue } from './own';
import { buildQuery } from './query';
import type { PreviewData } from './types';

export function defineRequestProperties(
  req: IncomingMessage,
  search: string,
  params: Record<string, string | string[]>,
  previewData: PreviewData,
): void {
  defineCookies(req);
  defineValue(req, 'query', buildQuery(search, params));
  // Already evaluated (spec §9 "When it is evaluated", 15.5/16 behaviour); the
  // getters keep Next's shape: assignable, and `preview`/`draftMode` follow a
  // `previewData` assigned before they are read.
  const target = req as IncomingMessage & { previewData?: PreviewData; preview?: true };
  defineLazy(req, 'previewData', () => previewData);
  defineLazy(req, 'preview', () => (target.previewData !== false ? true : undefined));
  defineLazy(req, 'draftMode', () => target.preview);
}
