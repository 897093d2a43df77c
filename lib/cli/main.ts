/**
 * `next-api-express <dir> [options]`: parse the flags, mount the folder with
 * the public middleware for what it is (`projectRoutes()`, `apiRoutes()` or
 * `appRoutes()`: the middleware itself, not a second implementation; see
 * mount-folder.ts), print the route table, then serve it in this process or
 * in `--workers` cluster workers. stdout: the table and the URL. stderr:
 * everything else.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
// The public API only: the CLI is a user of the middleware, not a second implementation.
import { detectRoutesFolder, type ApiRoutesOptions } from '../index';
import { helpText, parseCli, renameOptionsInMessage, UsageError, type CliOptions } from './args';
import { isWorker, onPrimaryShutdown, runPrimary, WORKER_FATAL_EXIT } from './cluster';
import { withConfigPageExtensions } from './config-page-extensions';
import { formatRouteTable, serverUrl } from './print-routes';
import { handleEscapedFaults, inRequestContext } from './faults';
import { mountFolder, type MountedFolder, type ServedMiddleware } from './mount-folder';
import { defaultNodeEnv, loadProjectEnv } from './project-env';
import { createApiServer, onStopSignals } from './server';
import { reprintOnChange } from './reprint-routes';

const NAME = 'next-api-express';

const log = (line: string): void => {
  process.stderr.write(`${NAME}${isWorker() ? ` (worker ${process.pid})` : ''}: ${line}\n`);
};
const print = (text: string): void => {
  process.stdout.write(text);
};
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** An error's first line, plus the next one when the first only introduces it ("Failed to load X:"). */
function headline(err: unknown): string {
  const [first = '', second = ''] = (err instanceof Error ? err.message : String(err)).split('\n');
  const line = first.endsWith(':') && second.trim() ? `${first} ${second.trim()}` : first;
  const file = (err as { file?: unknown } | null)?.file;
  return typeof file === 'string' && !line.includes(file) ? `${line} (${file})` : line;
}

/** The message alone: no stack, flags named as typed, one prefix. */
function describeFailure(err: unknown): string {
  if (err instanceof UsageError) return err.message;
  if (err instanceof AggregateError) {
    // `ready()`: one line per file that failed to load.
    return [`${plural(err.errors.length, 'route file')} failed to load:`, ...err.errors.map((e) => ` - ${headline(e)}`)].join('\n');
  }
  const message = err instanceof Error ? err.message : String(err);
  return renameOptionsInMessage(message).replace(new RegExp(`^${NAME}: `), '');
}

function fail(err: unknown): never {
  log(describeFailure(err));
  // A worker that cannot start tells the primary not to restart it.
  process.exit(isWorker() ? WORKER_FATAL_EXIT : 1);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Workers are separate processes: left alone, each would make its own random
 * preview keys and reject the preview cookies the others set. The primary
 * makes one set and hands it down through the environment cluster workers inherit.
 */
const SHARED_PREVIEW_KEYS = 'NEXT_API_EXPRESS_PREVIEW_KEYS';

function shareNewPreviewKeys(): void {
  if (process.env[SHARED_PREVIEW_KEYS]) return;
  const key = (bytes: number): string => randomBytes(bytes).toString('hex');
  process.env[SHARED_PREVIEW_KEYS] = JSON.stringify({ previewModeId: key(16), previewModeSigningKey: key(32), previewModeEncryptionKey: key(32) });
}

function sharedPreviewKeys(): ApiRoutesOptions['preview'] {
  const shared = process.env[SHARED_PREVIEW_KEYS];
  return shared ? (JSON.parse(shared) as ApiRoutesOptions['preview']) : undefined;
}

function mount(options: CliOptions, watch: boolean): MountedFolder {
  return mountFolder(options, { watch, preview: sharedPreviewKeys() });
}

/**
 * Serves `middleware` on node:http here; a signal (or, in a worker, the
 * primary) stops it gracefully. Returns the stop function at once.
 */
function serve(middleware: ServedMiddleware, options: CliOptions, onListening: (port: number) => void, onStop: () => void): (reason: string) => void {
  handleEscapedFaults({ exit: options.exitOnUncaught, log, describeRoute: (url) => describeRoute(middleware, url) });
  const api = createApiServer((req, res) => inRequestContext(req, () => middleware(req, res)), options);
  let stopping = false;

  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    onStop();
    log(`${reason}: stopping; ${plural(api.inFlight(), 'request')} in flight (allowed up to ${options.shutdownTimeout}ms)`);
    void Promise.all([api.stop(options.shutdownTimeout), middleware.close()]).then(([{ cutOff }]) => {
      if (cutOff) log(`cut off ${plural(cutOff, 'request')} still running after ${options.shutdownTimeout}ms`);
      process.exit(cutOff ? 1 : 0);
    });
  };

  onStopSignals(
    (signal) => stop(signal),
    (signal) => {
      log(`${signal} again: exiting now`);
      process.exit(1);
    },
  );

  api.listen(options.port, options.host).then((address) => onListening(address.port), fail);
  return stop;
}

/** `/api/users/[id] (pages/api/users/[id].ts)` for a URL a route serves, for the fault log. */
function describeRoute(middleware: ServedMiddleware, url: string): string | undefined {
  const explanation = middleware.explain(url);
  if (explanation.outcome !== 'match' || !explanation.route) return undefined;
  return `${explanation.route.page} in ${relative(process.cwd(), explanation.route.file)}`;
}

async function runSingleOrPrimary(options: CliOptions): Promise<void> {
  // Before any route file is imported; cluster workers inherit the result.
  const kind = detectRoutesFolder(options.dir, { pageExtensions: options.pageExtensions }).kind;
  const watch = options.watch && !options.routesOnly;
  const nodeEnvLine = defaultNodeEnv(watch);
  if (nodeEnvLine) log(nodeEnvLine);
  const loadedEnv = options.env ? loadProjectEnv(options.dir, kind) : undefined;
  if (loadedEnv) log(loadedEnv);
  const mounted = mount(options, watch);
  const { middleware, basePath } = mounted;
  if (options.ready) await middleware.ready();

  const render = (): string => formatRouteTable(mounted.rows(), basePath, process.cwd(), mounted.folder.kind !== 'pages-api');
  const table = render();
  if (options.routesOnly) {
    print(table);
    await middleware.close();
    process.exit(0);
  }
  const stopReprint = watch ? reprintOnChange(render, (t) => print(`\nRoutes changed:\n${t}`), table) : () => {};
  // The table only once the port is ours: a failed listen prints its one error line alone.
  const announce = (port: number, suffix: string): void => {
    print(table);
    print(`\nListening on ${serverUrl(options.host, port, basePath)}${suffix}${watch ? ' (watching for changes)' : ''}\n`);
  };

  if (options.workers !== undefined) {
    shareNewPreviewKeys();
    // The primary keeps its (watching) middleware only to reprint the table.
    runPrimary({
      workers: options.workers,
      shutdownTimeout: options.shutdownTimeout,
      log,
      onListening: (address) => announce(address.port, ` with ${plural(options.workers as number, 'worker')}`),
      onStop: () => {
        stopReprint();
        return middleware.close();
      },
    });
    return;
  }
  serve(middleware, options, (port) => announce(port, ''), stopReprint);
}

function runWorker(options: CliOptions): void {
  let stop: ((reason: string) => void) | undefined;
  // Listen for the primary first: a stop that arrives before serving has nothing to drain.
  onPrimaryShutdown(() => (stop ? stop('the primary asked to stop') : process.exit(0)));
  const { middleware } = mount(options, options.watch);
  const start = (): void => {
    stop = serve(middleware, options, () => {}, () => {});
  };
  if (options.ready) middleware.ready().then(start, fail);
  else start();
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  try {
    const command = parseCli(argv, process.env);
    if (command.type === 'help') return print(helpText());
    if (command.type === 'version') return print(`${version()}\n`);
    const { options, note } = withConfigPageExtensions(command.options);
    if (isWorker()) return runWorker(options);
    if (note) log(note);
    await runSingleOrPrimary(options);
  } catch (err) {
    fail(err);
  }
}
