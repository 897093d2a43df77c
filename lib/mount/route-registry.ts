/**
 * The routes of one mounted folder, as they stand now: the route table, each
 * file's loaded module (or the error it failed with), and — in watch mode —
 * the last version of each file that did load, served while an edit does not,
 * plus the rebuild of the table when files change (docs/design.md "Watch mode").
 *
 * Loading is lazy: a file is imported on the first request to its route (or by
 * `ready()`), then kept until watch mode drops it.
 */
import { sep } from 'node:path';
import type { RouteConfig } from '../config';
import { describeError, errorMessage, RouteLoadError } from '../errors';
import { CompileCache } from '../loading/compile-cache';
import { ModuleLoader } from '../loading/module-loader';
import { loadRoute, type LoadedRoute } from '../loading/route-module';
import { watchFolder, type FolderWatcher } from '../loading/watch-folders';
import type { ResolvedOptions } from '../options';
import type { RouteEntry, RouteKind } from '../routing/precedence';
import { buildTable, patternOf, type RouteTable } from '../routing/route-table';

/** One row of `middleware.routes`. */
export interface RouteInfo {
  /** Relative to the folder, in Next's bracket syntax: `/users/[id]`. */
  route: string;
  /** Next's page name: `/api/users/[id]`. */
  page: string;
  /** The regular expression Next would build for the route (relative to the mount), for display. */
  pattern: string;
  /** Absolute path of the file. */
  file: string;
  kind: RouteKind;
  paramNames: string[];
  /** The file's effective `config`, once the file has been loaded. */
  config: RouteConfig | undefined;
}

export interface RouteRegistry {
  /** The table requests are matched against now (replaced by a watch-mode rebuild). */
  readonly table: RouteTable;
  /** The loaded route for `entry`: this version, the last good one (watch mode), or the load error. */
  routeFor(entry: RouteEntry): LoadedRoute | RouteLoadError;
  info(entry: RouteEntry): RouteInfo;
  /** Loads every route file; rejects with an `AggregateError` of every `RouteLoadError`. */
  ready(): Promise<void>;
  /** Stops watching. */
  close(): void;
}

function routeInfo(entry: RouteEntry, state: LoadedRoute | RouteLoadError | undefined): RouteInfo {
  return {
    route: entry.route,
    page: entry.page,
    pattern: patternOf(entry),
    file: entry.file,
    kind: entry.kind,
    paramNames: [...entry.paramNames],
    config: state && !(state instanceof RouteLoadError) ? state.config : undefined,
  };
}

/** `ready()`'s rejection: every failure, each in full. */
function loadFailures(failures: RouteLoadError[]): AggregateError {
  const list = failures.map((f) => ` - ${f.message.replace(/\n/g, '\n   ')}`).join('\n');
  return new AggregateError(failures, `next-api-express: ${failures.length} route file${failures.length > 1 ? 's' : ''} failed to load:\n${list}`);
}

/** Anything thrown while loading becomes a `RouteLoadError` naming the file. */
function asLoadError(err: unknown, file: string): RouteLoadError {
  return err instanceof RouteLoadError ? err : new RouteLoadError('ERR_ROUTE_LOAD', describeError(err), file, err);
}

export function createRouteRegistry(root: string, settings: ResolvedOptions): RouteRegistry {
  const { logger } = settings;
  let table = buildTable(root, settings);
  let watcher: FolderWatcher | undefined;
  const compileCache =
    settings.compileCache === false
      ? undefined
      : new CompileCache({
          dir: typeof settings.compileCache === 'string' ? settings.compileCache : undefined,
          routesRoot: root,
          warn: (message) => logger.warn(message),
        });
  const loader = new ModuleLoader(settings.watch ? (file) => watcher?.add(file) : undefined, compileCache);
  /** By file: a watch-mode rebuild makes new entries for the same files. */
  const loaded = new Map<string, LoadedRoute | RouteLoadError>();
  const lastGood = new Map<string, LoadedRoute>();
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    logger.warn(message);
  };

  /** This version of the file: loaded now if it was not yet. */
  const load = (entry: RouteEntry): LoadedRoute | RouteLoadError => {
    let result = loaded.get(entry.file);
    if (result === undefined) {
      try {
        result = loadRoute(entry, loader, warnOnce);
        if (settings.watch) lastGood.set(entry.file, result);
      } catch (err) {
        result = asLoadError(err, entry.file);
      }
      loaded.set(entry.file, result);
    }
    return result;
  };

  const registry: RouteRegistry = {
    get table() {
      return table;
    },
    routeFor(entry) {
      const result = load(entry);
      return result instanceof RouteLoadError ? (lastGood.get(entry.file) ?? result) : result;
    },
    info: (entry) => routeInfo(entry, loaded.get(entry.file)),
    async ready() {
      const failures = table.entries.map(load).filter((r): r is RouteLoadError => r instanceof RouteLoadError);
      // What was compiled is on disk before ready() resolves: the next start finds all of it.
      await compileCache?.flush();
      if (failures.length) throw loadFailures(failures);
    },
    close() {
      watcher?.close();
      watcher = undefined;
    },
  };

  if (settings.watch) {
    const rebuild = watchRebuilder(root, settings, {
      loader,
      loaded,
      lastGood,
      load,
      table: () => table,
      setTable: (next) => (table = next),
    });
    watcher = watchFolder(root, rebuild, (err) => logger.error(`next-api-express (watch): ${err.message}`));
  }
  return registry;
}

interface RegistryState {
  loader: ModuleLoader;
  loaded: Map<string, LoadedRoute | RouteLoadError>;
  lastGood: Map<string, LoadedRoute>;
  load(entry: RouteEntry): LoadedRoute | RouteLoadError;
  table(): RouteTable;
  setTable(table: RouteTable): void;
}

/**
 * What watch mode does with a batch of changed files: drop them and their
 * importers from the module cache; rebuild the table if a file in the routes
 * folder changed (a broken tree keeps the previous table serving); re-import
 * the dropped route files at once, so an error shows now and a fix recovers now.
 */
function watchRebuilder(root: string, settings: ResolvedOptions, state: RegistryState): (files: string[]) => void {
  const { logger } = settings;
  const inRoot = (file: string): boolean => file === root || file.startsWith(root + sep);
  const broken = new Set<string>();
  let tableBroken = false;

  const rebuildTable = (): void => {
    try {
      const table = buildTable(root, settings);
      state.setTable(table);
      for (const file of [...state.lastGood.keys()]) if (!table.entries.some((e) => e.file === file)) state.lastGood.delete(file);
      if (tableBroken) logger.warn(`next-api-express (watch): the route table is valid again (${table.entries.length} routes)`);
      tableBroken = false;
    } catch (err) {
      tableBroken = true;
      logger.error(`next-api-express (watch): ${errorMessage(err)}\n(the previous route table keeps serving until this is fixed)`);
    }
  };

  const reloadRoutes = (files: Set<string>): void => {
    for (const entry of state.table().entries) {
      if (!files.has(entry.file)) continue;
      const result = state.load(entry);
      if (result instanceof RouteLoadError) {
        broken.add(entry.file);
        const fallback = state.lastGood.has(entry.file) ? 'the previous version keeps serving' : 'the route answers 500';
        logger.error(`${result.message}\n(watch: ${fallback} until the file is fixed)`);
      } else if (broken.delete(entry.file)) {
        logger.warn(`next-api-express (watch): ${entry.page} loads again (${entry.file})`);
      }
    }
  };

  return (files) => {
    const dropped = new Set<string>();
    for (const file of files) for (const gone of state.loader.invalidate(file)) dropped.add(gone);
    // A route file that failed before is not in the loader's cache: retry it too.
    for (const file of files) if (state.loaded.get(file) instanceof RouteLoadError) dropped.add(file);
    for (const file of dropped) state.loaded.delete(file);
    if (files.some(inRoot)) rebuildTable();
    reloadRoutes(dropped);
  };
}
