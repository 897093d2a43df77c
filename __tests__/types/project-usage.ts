// A whole project and the App Router testing helpers, compiled against the
// built declarations by package name: projectRoutes(), its route rows
// narrowed by `router`, detectRoutesFolder(), createTestApp() on an App
// Router folder and testRoute() on an imported route module.
import express from 'express';
import { detectRoutesFolder, projectRoutes, type ProjectRouteInfo, type ProjectRoutesMiddleware, type ProjectRoutesOptions } from 'next-api-express';
import { createTestApp, testRoute, type TestApp, type TestRouteOptions } from 'next-api-express/testing';
import * as route from './app-route';

const options: ProjectRoutesOptions = { basePath: '/v1', watch: false, revalidate: async () => {}, cache: undefined };
const project: ProjectRoutesMiddleware = projectRoutes('.', options);
express().use(project);

// A row's config is the Pages Router's `config` or the App Router's segment config, by `router`.
function describeRow(row: ProjectRouteInfo): string {
  if (row.router === 'app') return `${row.route} ${row.config?.dynamic ?? 'auto'}`;
  return `${row.route} ${row.config?.runtime ?? 'nodejs'}`;
}
export const rows: string[] = project.routes.map(describeRow);
export const folders: string | undefined = project.folders.app ?? project.folders.pagesApi;

const folder = detectRoutesFolder('./app/api');
export const url: string = folder.kind === 'project' ? folder.root : folder.url;

export const app = createTestApp('./app/api', { logger: false, cache: undefined });
const testOptions: TestRouteOptions = { route: '/api/items/[id]', params: { id: '1' }, config: { dynamic: 'force-static', revalidate: 60 } };
export const one: TestApp = testRoute(route, testOptions);
export const plain: TestApp = testRoute({ GET: () => new Response('ok') });
