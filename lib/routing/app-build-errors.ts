/**
 * Next 16's build errors for App Router route trees (docs/next-behaviour.md
 * §20 "Build errors for app routes"): one URL served twice (two routes through
 * groups, a route beside a page, `[id]` beside `[slug]`), a catch-all that is
 * not last, a slug name used twice in one path. Pure: scanned files in, an
 * error naming the files or nothing out.
 */
import { RouteTreeError } from '../errors';

/** A `route.*` or `page.*` file as the App Router scan found it. */
export interface Found {
  file: string;
  /** URL relative to the scanned folder. */
  url: string;
  /** Path relative to the app root, without extension, as Next prints it: `/(a)/api/x/route`. */
  display: string;
}

/** The URL Next's messages print: the folder's own prefix plus the route's URL. */
function pageUrl(prefix: string, url: string): string {
  return url === '/' ? prefix || '/' : prefix + url;
}

/** Next's build errors for one URL served twice (docs/next-behaviour.md §20 "Build errors for app routes"). */
export function checkConflicts(routes: readonly Found[], pages: readonly Found[], prefix: string): void {
  const byUrl = new Map<string, Found>();
  for (const route of routes) {
    const other = byUrl.get(route.url);
    if (other) {
      // Turbopack names the route it found second first.
      throw new RouteTreeError(
        'ERR_ROUTE_CONFLICT',
        `Conflicting routes at ${pageUrl(prefix, route.url)}: route at ${route.display} and route at ${other.display}`,
        [route.file, other.file],
      );
    }
    byUrl.set(route.url, route);
  }
  for (const page of pages) {
    const route = byUrl.get(page.url);
    if (route) {
      throw new RouteTreeError(
        'ERR_ROUTE_CONFLICT',
        `Conflicting route and page at ${pageUrl(prefix, page.url)}: route at ${route.display} and page at ${page.display}`,
        [route.file, page.file],
      );
    }
  }
}

/** `[id]` → `[*]`, `[...rest]` → `[...*]`, `[[...slug]]` → `[[...*]]`: what a URL can tell apart. */
function shapeOf(url: string): string {
  return url.replace(/\[\[\.\.\.[^\]]+\]\]/g, '[[...*]]').replace(/\[\.\.\.[^\]]+\]/g, '[...*]').replace(/\[[^\].]+\]/g, '[*]');
}

/**
 * Next 16's app route checks on dynamic segments (docs/next-behaviour.md §20,
 * conformance/app-router/observed.md §15): a catch-all that is not last, a
 * slug name used twice in one path, and routes a URL cannot tell apart.
 */
export function checkSegments(routes: readonly Found[], prefix: string): void {
  const byShape = new Map<string, Found[]>();
  for (const route of routes) {
    const page = pageUrl(prefix, route.url);
    const parts = route.url.split('/').filter(Boolean);
    const names = new Set<string>();
    parts.forEach((part, i) => {
      const dynamic = /^\[(\[)?(\.\.\.)?([^\]]+)\]?\]$/.exec(part);
      if (!dynamic) return;
      const [, optional, catchAll, name] = dynamic;
      if (catchAll && i < parts.length - 1) {
        throw new RouteTreeError('ERR_INVALID_SEGMENT', `${optional ? 'Optional catch-all' : 'Catch-all'} must be the last part of the URL in route "${page}".`, [route.file]);
      }
      if (names.has(name)) {
        throw new RouteTreeError('ERR_INVALID_SEGMENT', `You cannot have the same slug name "${name}" repeat within a single dynamic path in route "${page}".`, [route.file]);
      }
      names.add(name);
    });
    const shape = shapeOf(page);
    byShape.set(shape, [...(byShape.get(shape) ?? []), route]);
  }
  for (const [shape, same] of byShape) {
    if (same.length < 2) continue;
    const list = same.map((r) => `  - ${pageUrl(prefix, r.url)}`).join('\n');
    throw new RouteTreeError(
      'ERR_ROUTE_CONFLICT',
      `Ambiguous app routes detected:\nAmbiguous route pattern "${shape}" matches multiple routes:\n${list}\n` +
        'These routes cannot be distinguished from each other when matching URLs. Please ensure that dynamic segments have unique patterns or use different static segments.',
      same.map((r) => r.file),
    );
  }
}
