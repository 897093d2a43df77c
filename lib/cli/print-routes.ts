/**
 * The route table as people read it: aligned ROUTE / KIND / FILE columns (and
 * ROUTER, `pages` or `app`, when App Router routes are served), in the order
 * requests are matched, URLs with the base path, files relative to the
 * working directory. Pure.
 */
import { relative, sep } from 'node:path';
import type { RouteInfo } from '../index';

export type RouteRow = Pick<RouteInfo, 'route' | 'kind' | 'file'> & { router?: 'pages' | 'app' };

function displayFile(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  const shown = rel === '' || rel.startsWith('..') ? file : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

function url(basePath: string, route: string): string {
  const base = basePath === '/' ? '' : basePath.replace(/\/$/, '');
  if (!base) return route;
  return route === '/' ? base : base + route;
}

/** `withRouter`: the ROUTER column, for mounts that may serve App Router routes. */
export function formatRouteTable(routes: readonly RouteRow[], basePath: string, cwd: string, withRouter = false): string {
  if (routes.length === 0) return '(no routes: the folder has no route files with a page extension)\n';
  const head = withRouter ? ['ROUTE', 'ROUTER', 'KIND', 'FILE'] : ['ROUTE', 'KIND', 'FILE'];
  const rows = [
    head,
    ...routes.map((r) => [url(basePath, r.route), ...(withRouter ? [r.router ?? 'pages'] : []), r.kind, displayFile(r.file, cwd)]),
  ];
  const last = head.length - 1;
  const widths = head.map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows.map((row) => row.map((cell, col) => (col === last ? cell : cell.padEnd(widths[col]))).join('  ')).join('\n') + '\n';
}

/** `http://127.0.0.1:3000/api`; IPv6 hosts in brackets; the base path as served. */
export function serverUrl(host: string, port: number, basePath: string): string {
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const base = basePath === '/' ? '' : basePath.replace(/\/$/, '');
  return `http://${shownHost}:${port}${base}`;
}
