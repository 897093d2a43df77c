/**
 * The routes of one mounted folder, as they stand now: the route table, each
 * file's loaded module (or the error it failed with), and — in watch mode —
 * the last version of each file that did load, served while an edit does not,
 * plus the rebuild of the table when files change (docs/design.md "Watch mode").
 *
 * Loading is lazy: a file is imported on the first request to its route (or by
 * `ready()`), then kept until watch mode drops it.
 */
import { relative, sep } from 'node:path';
import type { RouteConfig } from '../config';
import { describeError, errorMessage, RouteLoadError } from '../errors';
import { CompileCache } from '../loading/compile-cache';
import { ModuleLoader } from '../loading/module-loader';
import { loadRoute, type LoadedRoute } from '../loading/route-module';
import { watchFolder, type FolderWatcher } from '../loading/watch-folders';
import type { ResolvedOptions } from '../options';
import type { RouteEntry, RouteKind } from '../routing/precedence';
import { buildTable, patternOf, type RouteTable } from '../routing/route-table';
import { prepareRouteRuntime } from './runtime-globals';

/**
 * Which kind of folder a registry serves: how its table is built and how one
 * of its files is loaded (`pages/api` here; the App Router's in app-routes.ts).
 */
export interface RouteTree<Loaded extends { config: unknown }> {
  build(root: string, settings: ResolvedOptions): RouteTable;
  /** A promise when the file (or a module it imports) has top-level await. */
  load(entry: RouteEntry, loader: ModuleLoader, warn: (message: string) => void): Loaded | Promise<Loaded>;
}

/**
 * A route's state: loaded, failed, or — while a top-level await is evaluated —
 * a promise of one of those that never rejects.
 */
export type RouteState<Loaded> = Loaded | RouteLoadError | Promise<Loaded | RouteLoadError>;

/** Duck-typed: under jest the loader's promises may come from another realm's `Promise`. */
export function isPending<T>(state: T | Promise<T>): state is Promise<T> {
  return typeof (state as { then?: unknown } | null)?.then === 'function';
}

export const PAGES_TREE: RouteTree<LoadedRoute> = { build: buildTable, load: loadRoute };

/** One row of `middleware.routes`; `Config` is the file's `config` (pages) or segment config (App Router). */
export interface RouteInfo<Config = RouteConfig> {
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
  config: Config | undefined;
}

export interface RouteRegistry<Loaded extends { config: unknown } = LoadedRoute> {
  /** The table requests are matched against now (replaced by a watch-mode rebuild). */
  readonly table: RouteTable;
  /** The loaded route for `entry`: this version, the last good one (watch mode), or the load error; a promise of one while it loads asynchronously. */
  routeFor(entry: RouteEntry): RouteState<Loaded>;
  info(entry: RouteEntry): RouteInfo<Loaded['config']>;
  /** Loads every route file; rejects with an `AggregateError` of every `RouteLoadError`. */
  ready(): Promise<void>;
  /** Stops watching. */
  close(): void;
}

function routeInfo<Loaded extends { config: unknown }>(entry: RouteEntry, state: RouteState<Loaded> | undefined): RouteInfo<Loaded['config']> {
  return {
    route: entry.route,
    page: entry.page,
    pattern: patternOf(entry),
    file: entry.file,
    kind: entry.kind,
    paramNames: [...entry.paramNames],
    config: state && !(state instanceof RouteLoadError) && !isPending(state) ? state.config : undefined,
  };
}

/** `ready()`'s rejection: every failure, each in full. */
export function loadFailures(failures: RouteLoadError[]): AggregateError {
  const list = failures.map((f) => ` - ${f.message.replace(/\n/g, '\n   ')}`).join('\n');
  return new AggregateError(failures, `next-api-express: ${failures.length} route file${failures.length > 1 ? 's' : ''} failed to load:\n${list}`);
}

/** Anything thrown while loading becomes a `RouteLoadError` naming the file. */
function asLoadError(err: unknown, file: string): RouteLoadError {
  return err instanceof RouteLoadError ? err : new RouteLoadError('ERR_ROUTE_LOAD', describeError(err), file, err);
}

/**
 * What an App Router table reports besides routes: one warning for its
 * `page.*`/`layout.*` files (not routes here), one per `route.ts` shadowed by
 * a `route.js` beside it.
 */
function warnTableNotices(root: string, table: RouteTable, warnOnce: (message: string) => void): void {
  const { ignored } = table;
  if (ignored.length) {
    const shown = ignored.slice(0, 3).map((file) => relative(root, file)).join(', ');
    warnOnce(
      `next-api-express: ${ignored.length} page/layout file${ignored.length > 1 ? 's' : ''} in ${root} ignored (${shown}${ignored.length > 3 ? ', …' : ''}): ` +
        'only route handlers (route.ts, route.js, ...) are served.',
    );
  }
  for (const [unused, served] of table.shadowed) {
    warnOnce(`next-api-express: ${unused} is not served: ${served} in the same folder is (as in Next, which serves one of them without a word).`);
  }
}

/** `say`, but each distinct message only once (notices about a file are not repeated per request). */
function onceEach(say: (message: string) => void): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    say(message);
  };
}

/** The `compileCache` option made real for one routes folder, or undefined when it is off. */
function compileCacheFor(root: string, settings: ResolvedOptions): CompileCache | undefined {
  if (settings.compileCache === false) return undefined;
  return new CompileCache({
    dir: typeof settings.compileCache === 'string' ? settings.compileCache : undefined,
    routesRoot: root,
    warn: (message) => settings.logger.warn(message),
  });
}

/**
 * `builtins`: the modules route files get for `next/server` and friends
 * (mount/next-modules.ts), whether or not `next` is installed.
 */
export function createRouteRegistry<Loaded extends { config: unknown } = LoadedRoute>(
  root: string,
  settings: ResolvedOptions,
  tree: RouteTree<Loaded> = PAGES_TREE as unknown as RouteTree<Loaded>,
  builtins: Readonly<Record<string, unknown>> = {},
): RouteRegistry<Loaded> {
  const { logger } = settings;
  // Globals next start gives route code, and the next/* modules for packages (runtime-globals.ts).
  prepareRouteRuntime();
  let table = tree.build(root, settings);
  let watcher: FolderWatcher | undefined;
  const compileCache = compileCacheFor(root, settings);
  const loader = new ModuleLoader({
    onLoad: settings.watch ? (file) => watcher?.add(file) : undefined,
    assets: { imagePublicPath: settings.imagePublicPath },
    builtins,
    compileCache,
  });
  const loaded = new Map<string, RouteState<Loaded>>();
  const lastGood = new Map<string, Loaded>();
  const warnOnce = onceEach((message) => logger.warn(message));
  warnTableNotices(root, table, warnOnce);

  const load = cachedLoad(tree, loader, loaded, settings.watch ? lastGood : undefined, warnOnce);

  const registry: RouteRegistry<Loaded> = {
    get table() {
      return table;
    },
    routeFor(entry) {
      const result = load(entry);
      if (isPending(result)) return result.then((state) => (state instanceof RouteLoadError ? (lastGood.get(entry.file) ?? state) : state));
      return result instanceof RouteLoadError ? (lastGood.get(entry.file) ?? result) : result;
    },
    info: (entry) => routeInfo(entry, loaded.get(entry.file)),
    async ready() {
      const results = await Promise.all(table.entries.map(load));
      const failures = results.filter((r): r is RouteLoadError => r instanceof RouteLoadError);
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
    const state = { loader, loaded, lastGood, load, table: () => table, setTable: (next: RouteTable) => (table = next) };
    const rebuild = watchRebuilder<Loaded>(root, settings, () => tree.build(root, settings), state);
    watcher = watchFolder(root, rebuild, (err) => logger.error(`next-api-express (watch): ${err.message}`));
  }
  return registry;
}

/**
 * A file's route, loaded on first use and kept (by file: a watch-mode rebuild
 * makes new entries for the same files); a failure is kept as its
 * `RouteLoadError`. `lastGood` (watch mode) also keeps each success. A file
 * with top-level await is kept as the promise of its result until it settles.
 */
function cachedLoad<Loaded>(
  tree: RouteTree<Loaded & { config: unknown }>,
  loader: ModuleLoader,
  loaded: Map<string, RouteState<Loaded>>,
  lastGood: Map<string, Loaded> | undefined,
  warn: (message: string) => void,
): (entry: RouteEntry) => RouteState<Loaded> {
  return (entry) => {
    const file = entry.file;
    let result = loaded.get(file);
    if (result !== undefined) return result;
    try {
      const value = tree.load(entry, loader, warn);
      if (isPending(value)) {
        const settle = (state: Loaded | RouteLoadError): Loaded | RouteLoadError => {
          if (!(state instanceof RouteLoadError)) lastGood?.set(file, state);
          // Unless watch mode dropped it meanwhile.
          if (loaded.get(file) === pending) loaded.set(file, state);
          return state;
        };
        const pending: Promise<Loaded | RouteLoadError> = value.then(settle, (err: unknown) => settle(asLoadError(err, file)));
        result = pending;
      } else {
        result = value;
        lastGood?.set(file, value);
      }
    } catch (err) {
      result = asLoadError(err, file);
    }
    loaded.set(file, result);
    return result;
  };
}

interface RegistryState<Loaded> {
  loader: ModuleLoader;
  loaded: Map<string, RouteState<Loaded>>;
  lastGood: Map<string, Loaded>;
  load(entry: RouteEntry): RouteState<Loaded>;
  table(): RouteTable;
  setTable(table: RouteTable): void;
}

/**
 * What watch mode does with a batch of changed files: drop them and their
 * importers from the module cache; rebuild the table if a file in the routes
 * folder changed (a broken tree keeps the previous table serving); re-import
 * the dropped route files at once, so an error shows now and a fix recovers now.
 */
function watchRebuilder<Loaded>(root: string, settings: ResolvedOptions, build: () => RouteTable, state: RegistryState<Loaded>): (files: string[]) => void {
  const { logger } = settings;
  const inRoot = (file: string): boolean => file === root || file.startsWith(root + sep);
  const broken = new Set<string>();
  let tableBroken = false;

  const rebuildTable = (): void => {
    try {
      const table = build();
      state.setTable(table);
      const files = new Set(table.entries.map((e) => e.file));
      for (const file of [...state.lastGood.keys()]) if (!files.has(file)) state.lastGood.delete(file);
      if (tableBroken) logger.warn(`next-api-express (watch): the route table is valid again (${table.entries.length} routes)`);
      tableBroken = false;
    } catch (err) {
      tableBroken = true;
      logger.error(`next-api-express (watch): ${errorMessage(err)}\n(the previous route table keeps serving until this is fixed)`);
    }
  };

  const reloadRoutes = (files: Set<string>): void => {
    const report = (entry: RouteEntry, result: Loaded | RouteLoadError): void => {
      if (result instanceof RouteLoadError) {
        broken.add(entry.file);
        const fallback = state.lastGood.has(entry.file) ? 'the previous version keeps serving' : 'the route answers 500';
        logger.error(`${result.message}\n(watch: ${fallback} until the file is fixed)`);
      } else if (broken.delete(entry.file)) {
        logger.warn(`next-api-express (watch): ${entry.page} loads again (${entry.file})`);
      }
    };
    for (const entry of state.table().entries) {
      if (!files.has(entry.file)) continue;
      const result = state.load(entry);
      if (isPending(result)) void result.then((settled) => report(entry, settled));
      else report(entry, result);
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
