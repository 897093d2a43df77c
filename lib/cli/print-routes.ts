/**
 * The route table as people read it: aligned ROUTE / KIND / FILE columns, in
 * the order requests are matched, URLs with the base path, files relative to
 * the working directory. Pure.
 */
import { relative, sep } from 'node:path';
import type { RouteInfo } from '../index';

export type RouteRow = Pick<RouteInfo, 'route' | 'kind' | 'file'>;

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

export function formatRouteTable(routes: readonly RouteRow[], basePath: string, cwd: string): string {
  if (routes.length === 0) return '(no routes: the folder has no files with a page extension)\n';
  const rows = [['ROUTE', 'KIND', 'FILE'], ...routes.map((r) => [url(basePath, r.route), r.kind, displayFile(r.file, cwd)])];
  const widths = [0, 1].map((col) => Math.max(...rows.map((row) => row[col].length)));
  return rows.map((row) => `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`).join('\n') + '\n';
}

/** `http://127.0.0.1:3000/api`; IPv6 hosts in brackets; the base path as served. */
export function serverUrl(host: string, port: number, basePath: string): string {
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const base = basePath === '/' ? '' : basePath.replace(/\/$/, '');
  return `http://${shownHost}:${port}${base}`;
}
