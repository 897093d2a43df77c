/**
 * `middleware.explain(url)`: which file serves a URL, with which params and
 * query — or why none does, and which route came closest. Uses the same
 * decision code as the middleware, so the answer is what a request would get.
 */
import { decide } from '../routing/decide';
import type { ResolvedOptions } from '../options';
import { buildQuery, type Query } from '../pages/query';
import type { RouteEntry } from '../routing/precedence';
import type { RouteTable } from '../routing/route-table';
import type { RouteConfig } from '../config';
import type { RouteInfo } from './route-registry';

/**
 * `Config`: the `config` of a pages route, or the segment config of an App
 * Router route; `Info`: the route rows (`projectRoutes()` adds the router).
 */
export type Explanation<Config = RouteConfig, Info = RouteInfo<Config>> =
  | { url: string; outcome: 'match'; route: Info; params: Record<string, string | string[]>; query: Query; handlerUrl: string }
  | { url: string; outcome: 'redirect'; status: 308; location: string; route: Info; reason: string }
  | { url: string; outcome: 'bad-request'; status: 400 | 500; route: Info; reason: string }
  | { url: string; outcome: 'no-match'; reason: string; closest: { route: Info; reason: string } | undefined };

export interface ExplainOptions {
  /** Where the folder is mounted (`'/api'` for `app.use('/api', ...)`); stripped from `url` first. */
  mountPath?: string;
}

/**
 * How many leading segments of `parts` the route accepts, where it stops, and
 * whether that is a near miss (a case-only difference, or a catch-all one
 * segment short).
 */
function agreement(entry: RouteEntry, parts: string[]): { matched: number; nearMiss: boolean; why: string } {
  let i = 0;
  for (const segment of entry.segments) {
    if (segment.kind === 'catch-all' || segment.kind === 'optional-catch-all') {
      const short = i >= parts.length && segment.kind === 'catch-all';
      return { matched: parts.length, nearMiss: short, why: short ? `[...${segment.name}] needs at least one more segment` : 'matches' };
    }
    if (i >= parts.length) {
      return { matched: i, nearMiss: false, why: `the URL ends before segment ${i + 1} (${segment.kind === 'static' ? segment.value : `[${segment.name}]`})` };
    }
    if (segment.kind === 'static' && segment.value !== parts[i]) {
      const caseOnly = segment.value.toLowerCase() === parts[i].toLowerCase();
      return { matched: i, nearMiss: caseOnly, why: `segment ${i + 1} is "${parts[i]}", the route wants "${segment.value}"${caseOnly ? ' (matching is case-sensitive)' : ''}` };
    }
    i++;
  }
  return { matched: i, nearMiss: false, why: i < parts.length ? `the URL has ${parts.length - i} more segment(s) than the route` : 'matches' };
}

function closestRoute<Info>(entries: readonly RouteEntry[], path: string, info: (e: RouteEntry) => Info): { route: Info; reason: string } | undefined {
  const parts = path === '/' ? [] : path.slice(1).split('/');
  let best: { entry: RouteEntry; score: number; why: string } | undefined;
  for (const entry of entries) {
    const { matched, nearMiss, why } = agreement(entry, parts);
    // Ties go to the earlier route in Next's order; a near miss (case only, or a
    // catch-all short of one segment), and a route as long as the URL, count as closer.
    const score = matched + (nearMiss ? 0.5 : 0) + (entry.segments.length === parts.length ? 0.25 : 0);
    if (!best || score > best.score) best = { entry, score, why };
  }
  return best && { route: info(best.entry), reason: best.why };
}

export function explainUrl<Info>(
  table: RouteTable,
  settings: Pick<ResolvedOptions, 'basePath' | 'trailingSlash'>,
  info: (entry: RouteEntry) => Info,
  url: string,
  options: ExplainOptions = {},
  /** The App Router answers an undecodable dynamic segment with 500, the Pages Router with 400 (§23, §5). */
  badParamStatus: 400 | 500 = 400,
): Explanation<unknown, Info> {
  let relative = url;
  const mount = options.mountPath && options.mountPath !== '/' ? options.mountPath.replace(/\/$/, '') : '';
  if (mount && (url === mount || url.startsWith(`${mount}/`) || url.startsWith(`${mount}?`))) relative = url.slice(mount.length) || '/';
  if (!relative.startsWith('/')) relative = `/${relative}`;
  const decision = decide(table.matcher, settings, relative, `${mount}${relative}`);
  switch (decision.type) {
    case 'match':
      return {
        url,
        outcome: 'match',
        route: info(decision.match.entry),
        params: decision.params,
        query: buildQuery(decision.search, decision.params),
        handlerUrl: decision.url,
      };
    case 'redirect':
      return { url, outcome: 'redirect', status: 308, location: decision.location, route: info(decision.match.entry), reason: 'Next redirects repeated and trailing slashes (308) before routing' };
    case 'bad-param':
      return { url, outcome: 'bad-request', status: badParamStatus, route: info(decision.match.entry), reason: 'a dynamic segment is not valid percent-encoding' };
    case 'pass': {
      const base = settings.basePath;
      const inside = decision.path.startsWith(`${mount}${base}`) ? decision.path.slice(mount.length + base.length) || '/' : undefined;
      if (inside === undefined) {
        return { url, outcome: 'no-match', reason: `the URL is outside the basePath ${base}`, closest: undefined };
      }
      const closest = closestRoute(table.entries, inside, info);
      return { url, outcome: 'no-match', reason: `no route file matches ${inside}`, closest };
    }
  }
}
