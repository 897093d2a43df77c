/**
 * Everything one App Router request carries through the web layer: the Node
 * request and response, the matched route, the URL parts routing decided,
 * the options, this mount's route cache — and the request store a handler
 * call runs in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedOptions } from '../options';
import type { AppRouteModule, RequestSourceLike, RouteParams } from './handler-call';
import type { NextRequest } from './next-request';
import type { RenderPhase, RequestStore } from './request-store';
import type { RouteCache } from './route-cache';

export interface RequestTarget {
  /** The URL as the client sent it (mount prefix included, dot segments resolved). */
  url: string;
  /** Raw query string without `?`. */
  search: string;
  /** Decoded route params; an optional catch-all with no segment has no key. */
  params: RouteParams;
}

export interface AppRouteRun {
  req: IncomingMessage;
  res: ServerResponse;
  route: AppRouteModule;
  target: RequestTarget;
  settings: ResolvedOptions;
  cache: RouteCache;
  /** The host's `next`, for `onError: 'next'`. */
  next: ((err?: unknown) => void) | undefined;
  /** Hands the request on as unmatched (`next()`, or a plain 404 without a router). */
  pass: () => void;
}

/**
 * Next takes a POST for a Server Action when its Content-Type is exactly
 * `application/x-www-form-urlencoded`, or multipart, or it has a `Next-Action`
 * header; `redirect()` then answers 303 (docs/next-behaviour.md §29).
 */
export function isPossibleServerAction(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  if (req.headers['next-action'] !== undefined) return true;
  const type = req.headers['content-type'];
  return type === 'application/x-www-form-urlencoded' || (type !== undefined && type.startsWith('multipart/form-data'));
}

/**
 * The store of one handler call. `request` is the source's: built on first
 * read when the source is web/node-request.ts's `RequestSource`.
 */
class HandlerStore implements RequestStore {
  readonly page: string;
  readonly phase: RenderPhase;
  readonly isPossibleServerAction: boolean;
  readonly preview: RequestStore['preview'];
  readonly development: boolean;
  readonly logger: RequestStore['logger'];
  cookies: RequestStore['cookies'] = undefined;
  draftEnabled: boolean | undefined = undefined;
  readonly afterTasks: RequestStore['afterTasks'] = [];
  dynamicUsage: string | undefined = undefined;
  readonly #source: RequestSourceLike;
  readonly #cache: RouteCache;

  constructor(run: AppRouteRun, phase: RenderPhase, source: RequestSourceLike) {
    const { settings } = run;
    this.page = run.route.page;
    this.phase = phase;
    this.isPossibleServerAction = phase !== 'prerender' && isPossibleServerAction(run.req);
    this.preview = settings.preview;
    this.development = settings.development;
    this.logger = settings.logger;
    this.#source = source;
    this.#cache = run.cache;
  }

  get request(): NextRequest {
    return this.#source.request;
  }

  revalidatePath(path: string, type: 'page' | 'layout' | undefined): void {
    this.#cache.revalidatePath(path, type).catch((err: unknown) => this.logger.error('⨯ revalidatePath failed:', err));
  }
}

export function createStore(run: AppRouteRun, phase: RenderPhase, source: RequestSourceLike): RequestStore {
  return new HandlerStore(run, phase, source);
}
