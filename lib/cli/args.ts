/**
 * Command-line flags: definitions, `--help` text, parsing and validation.
 * Pure: reads only the `argv` and `env` it is given, never exits, never prints.
 * Every problem is a `UsageError` whose message is one line.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { closestName } from '../errors';

export interface CliOptions {
  /** The folder as given: a project, a pages/api folder or an App Router folder (resolved against cwd). */
  dir: string;
  port: number;
  host: string;
  /** `undefined`: where Next serves the folder's routes (`/api` for pages/api; see mount-folder.ts). */
  basePath: string | undefined;
  watch: boolean;
  /** `undefined`: one process. A number: that many `node:cluster` workers. */
  workers: number | undefined;
  /** Print the route table and exit. */
  routesOnly: boolean;
  /** Import every handler before listening; exit 1 if one fails. */
  ready: boolean;
  pageExtensions: string[] | undefined;
  trailingSlash: string | undefined;
  shutdownTimeout: number;
  /** Node's `server.headersTimeout`: ms a client gets to send the request head. */
  headersTimeout: number;
  /** Node's `server.requestTimeout`: ms a client gets to send the whole request, body included. */
  requestTimeout: number;
  /** Node's `server.keepAliveTimeout`: ms an idle kept-alive connection stays open. */
  keepAliveTimeout: number;
  /** Exit on a fault that escapes a handler (Node's default) instead of logging it and serving on. */
  exitOnUncaught: boolean;
  /** Load the project's `.env` files first (`--no-env`: false). */
  env: boolean;
}

export type CliCommand = { type: 'help' } | { type: 'version' } | { type: 'run'; options: CliOptions };

/** A mistake on the command line: printed as one line, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface FlagSpec {
  long: string;
  short?: string;
  value?: string;
  help: string;
}

const DEFAULT_PORT = 3000;
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_SHUTDOWN_TIMEOUT = 10_000;
/**
 * Slow clients are bounded (issue 9). Node's own defaults (60 s for the head,
 * 300 s for the whole request) let a slowloris client hold a connection for
 * minutes; these are tighter, and still generous for a 1 MB body on a slow
 * link. Keep-alive stays at Node's 5 s: behind a load balancer, set it above
 * the balancer's idle timeout (e.g. 65000 behind an AWS ALB).
 */
export const DEFAULT_HEADERS_TIMEOUT = 20_000;
export const DEFAULT_REQUEST_TIMEOUT = 60_000;
export const DEFAULT_KEEP_ALIVE_TIMEOUT = 5_000;

/** Every flag, in `--help` order. The parser and the help text are both built from this list. */
export const FLAGS: readonly FlagSpec[] = [
  { long: 'port', short: 'p', value: 'n', help: `Port to listen on (default $PORT, else ${DEFAULT_PORT}; 0 picks a free port)` },
  { long: 'host', short: 'H', value: 'addr', help: `Address to listen on (default ${DEFAULT_HOST}; 0.0.0.0 or :: for every interface)` },
  { long: 'base-path', value: 'path', help: 'URL the folder is served at (default: where Next serves it: /api for a pages/api folder, the folder\'s own URL for an App Router folder, none for a project; "/" for none)' },
  { long: 'watch', short: 'w', help: 'Reload handlers and the route table when files change (development)' },
  { long: 'workers', value: 'n', help: 'Serve from n processes sharing the port (node:cluster; "auto": one per CPU); restarts a worker that dies' },
  { long: 'routes', help: 'Print the route table and exit' },
  { long: 'ready', help: 'Import every handler first (also with --routes); exit 1, naming the files, if any fails to load' },
  { long: 'page-extensions', value: 'list', help: 'File endings that are routes, comma-separated (default tsx,ts,jsx,js)' },
  { long: 'trailing-slash', value: 'mode', help: '"redirect" (default): /x/ answers 308 to /x, as Next.js; "ignore": serve both' },
  { long: 'shutdown-timeout', value: 'ms', help: `On SIGINT/SIGTERM, time in-flight requests get to finish (default ${DEFAULT_SHUTDOWN_TIMEOUT})` },
  { long: 'headers-timeout', value: 'ms', help: `Time a client gets to send a request's headers; then 408 and the connection closed (default ${DEFAULT_HEADERS_TIMEOUT}; 0: none)` },
  { long: 'request-timeout', value: 'ms', help: `Time a client gets to send a whole request, body included (default ${DEFAULT_REQUEST_TIMEOUT}; 0: none)` },
  { long: 'keep-alive-timeout', value: 'ms', help: `Time an idle keep-alive connection stays open (default ${DEFAULT_KEEP_ALIVE_TIMEOUT}; behind a load balancer, more than its idle timeout)` },
  { long: 'exit-on-uncaught', help: 'Exit (code 1) on an uncaught exception or unhandled rejection; by default it is logged, with the request it came from, and the server keeps serving, as Next.js does' },
  { long: 'no-env', help: "Don't load the project's .env files (by default they are loaded as Next.js loads them, from the project folder: the one that holds pages/ or app/)" },
  { long: 'help', short: 'h', help: 'Show this help and exit' },
  { long: 'version', short: 'v', help: 'Print the version and exit' },
];

const HELP_WIDTH = 100;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

export function helpText(): string {
  const left = FLAGS.map((f) => `${f.short ? `-${f.short}, ` : '    '}--${f.long}${f.value ? ` <${f.value}>` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  const rows = FLAGS.map((f, i) => wrap(f.help, HELP_WIDTH - width - 2).map((line, j) => `  ${(j ? '' : left[i]).padEnd(width)}${line}`).join('\n'));
  return [
    'Usage: next-api-express <dir> [options]',
    '',
    "Serves a Next.js project's API routes on node:http with the next-api-express middleware:",
    'the same routing, request and response behaviour as app.use(projectRoutes(dir)),',
    'app.use(apiRoutes(dir)) or app.use(appRoutes(dir)).',
    '',
    'Arguments:',
    '  <dir>  What to serve (required), one of:',
    '         - a project folder, holding pages/ and/or app/ (or src/pages/, src/app/): its pages/api',
    '           routes and app route handlers together, at the URLs next start gives them',
    '         - a pages/api folder, e.g. ./pages/api or ./src/pages/api',
    '         - an App Router folder, e.g. ./app or ./app/api',
    '',
    'Options:',
    ...rows,
    '',
    'Environment:',
    '  PORT      Port when --port is not given',
    '  NODE_ENV  Unset or empty: "production" (with --watch "development"), as next start / next dev',
    '            set it; a value given is kept. Unless it is "production", Next.js development warnings',
    '            are logged; "development" and "test" pick those .env.<mode> files, anything else',
    '            .env.production (the files are read once, at start)',
    '',
    'Once listening, the route table (ROUTE, [ROUTER,] KIND, FILE) and the URL are printed on stdout; logs go to stderr.',
    'SIGINT/SIGTERM stop accepting connections and let in-flight requests finish (up to',
    '--shutdown-timeout); a second signal exits at once. Exit code 1 on a bad flag, a route',
    'conflict, a listen error, or a shutdown that had to cut requests off.',
    '',
    'Examples:',
    '  npx next-api-express . --port 8080 --watch',
    '  npx next-api-express ./pages/api --port 8080 --watch',
    '',
  ].join('\n');
}

function suggestion(flag: string): string {
  const best = closestName(flag.replace(/^-+/, '').split('=')[0], FLAGS.map((f) => f.long));
  return best ? ` (did you mean --${best}?)` : '';
}

/** parseArgs' own messages run to several sentences; ours are one line. */
function translateParseError(err: unknown): UsageError {
  const e = err as { code?: string; message?: string };
  const quoted = /'([^']+)'/.exec(e.message ?? '')?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${quoted}${suggestion(quoted)}; see --help`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = /--[\w-]+/.exec(e.message ?? '')?.[0] ?? quoted;
      const spec = FLAGS.find((f) => `--${f.long}` === flag);
      return new UsageError(spec?.value ? `${flag} needs a value: ${flag} <${spec.value}>` : `${flag} takes no value`);
    }
    default:
      return new UsageError(String(e.message ?? err).split('\n')[0]);
  }
}

function integer(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max} (received ${JSON.stringify(text)})`);
  }
  return Number(text);
}

function workers(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'auto') return availableParallelism();
  return integer('--workers', text, 1, 1024);
}

function port(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  if (flag !== undefined) return integer('--port', flag, 0, 65535);
  if (env.PORT !== undefined && env.PORT !== '') return integer('PORT (environment)', env.PORT, 0, 65535);
  return DEFAULT_PORT;
}

/** `--page-extensions ts,js` → `['ts', 'js']`; the middleware validates the entries. */
function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((s) => s.trim());
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliCommand {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const f of FLAGS) options[f.long] = { type: f.value ? 'string' : 'boolean', ...(f.short ? { short: f.short } : {}) };

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw translateParseError(err);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const str = (name: string): string | undefined => values[name] as string | undefined;

  if (values.help) return { type: 'help' };
  if (values.version) return { type: 'version' };

  const [dir, ...extra] = parsed.positionals;
  if (dir === undefined || dir === '') {
    throw new UsageError('missing <dir>: give the project or the pages/api folder to serve, e.g. next-api-express . or next-api-express ./pages/api');
  }
  if (extra.length) throw new UsageError(`one <dir> only (also received ${extra.map((e) => JSON.stringify(e)).join(', ')})`);

  const host = str('host') ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError('--host must not be empty');

  const shutdownTimeout = str('shutdown-timeout');
  return {
    type: 'run',
    options: {
      dir,
      port: port(str('port'), env),
      host,
      basePath: str('base-path'),
      watch: values.watch === true,
      workers: workers(str('workers')),
      routesOnly: values.routes === true,
      ready: values.ready === true,
      pageExtensions: list(str('page-extensions')),
      trailingSlash: str('trailing-slash'),
      shutdownTimeout: shutdownTimeout === undefined ? DEFAULT_SHUTDOWN_TIMEOUT : integer('--shutdown-timeout', shutdownTimeout, 0, 2_147_483_647),
      ...serverTimeouts(str('headers-timeout'), str('request-timeout'), str('keep-alive-timeout')),
      exitOnUncaught: values['exit-on-uncaught'] === true,
      env: values['no-env'] !== true,
    },
  };
}

const MAX_MS = 2_147_483_647;

/**
 * Node refuses a head timeout longer than the whole-request timeout. Given
 * both that way round, that is a usage error; given only a request timeout
 * shorter than the default head timeout, the head timeout follows it down.
 */
function serverTimeouts(
  headersFlag: string | undefined,
  requestFlag: string | undefined,
  keepAliveFlag: string | undefined,
): Pick<CliOptions, 'headersTimeout' | 'requestTimeout' | 'keepAliveTimeout'> {
  const requestTimeout = requestFlag === undefined ? DEFAULT_REQUEST_TIMEOUT : integer('--request-timeout', requestFlag, 0, MAX_MS);
  let headersTimeout = headersFlag === undefined ? DEFAULT_HEADERS_TIMEOUT : integer('--headers-timeout', headersFlag, 0, MAX_MS);
  if (requestTimeout > 0 && headersTimeout > requestTimeout) {
    if (headersFlag !== undefined) {
      throw new UsageError(`--headers-timeout (${headersTimeout}) must not be longer than --request-timeout (${requestTimeout})`);
    }
    headersTimeout = requestTimeout;
  }
  const keepAliveTimeout = keepAliveFlag === undefined ? DEFAULT_KEEP_ALIVE_TIMEOUT : integer('--keep-alive-timeout', keepAliveFlag, 0, MAX_MS);
  return { headersTimeout, requestTimeout, keepAliveTimeout };
}

/** The middleware's option names, as flags: its `TypeError`s then name what the user typed. */
const OPTION_FLAGS: Record<string, string> = {
  basePath: '--base-path',
  pageExtensions: '--page-extensions',
  trailingSlash: '--trailing-slash',
  watch: '--watch',
};

export function renameOptionsInMessage(message: string): string {
  return message.replace(/option "(\w+)"/g, (whole, name: string) => OPTION_FLAGS[name] ?? whole);
}
