/**
 * The error contract (README "Errors"). Everything this package throws or
 * hands to `next(err)` is an instance of one of four classes, each with a
 * stable `code` string. Like the jshttp/pillarjs modules, each also carries
 * `status` (the HTTP status it would be answered with) and `expose` (whether
 * its message may reach the client):
 *
 * | class            | thrown by                         | codes                                                    | the client gets |
 * | ---------------- | --------------------------------- | -------------------------------------------------------- | --------------- |
 * | `OptionError`    | `apiRoutes()`, the test helpers, `loadEnv()` | `ERR_INVALID_OPTION`                          | nothing: start-up fails |
 * | `RouteTreeError` | `apiRoutes()` (scan), watch mode  | `ERR_ROUTES_FOLDER`, `ERR_ROUTE_CONFLICT`, `ERR_INVALID_SEGMENT` | nothing: start-up fails |
 * | `RouteLoadError` | first request to a route, `ready()` | `ERR_ROUTE_LOAD`, `ERR_NO_DEFAULT_EXPORT`, `ERR_INVALID_CONFIG` | `500 Internal Server Error` |
 * | `ApiError`       | the body parser, before the handler | `ERR_BODY_TOO_LARGE`, `ERR_INVALID_BODY`, `ERR_INVALID_JSON` | 413/400, the message as reason and body |
 *
 * A handler's own errors are passed on as thrown; they are not wrapped.
 */

export type OptionErrorCode = 'ERR_INVALID_OPTION';
export type RouteTreeErrorCode = 'ERR_ROUTES_FOLDER' | 'ERR_ROUTE_CONFLICT' | 'ERR_INVALID_SEGMENT';
export type RouteLoadErrorCode = 'ERR_ROUTE_LOAD' | 'ERR_NO_DEFAULT_EXPORT' | 'ERR_INVALID_CONFIG';
export type ApiErrorCode = 'ERR_BODY_TOO_LARGE' | 'ERR_INVALID_BODY' | 'ERR_INVALID_JSON';
export type ErrorCode = OptionErrorCode | RouteTreeErrorCode | RouteLoadErrorCode | ApiErrorCode;

const PREFIX = 'next-api-express: ';

/** A bad option: names it. A `TypeError`, as a wrong argument type is in Node's own APIs. */
export class OptionError extends TypeError {
  readonly code: OptionErrorCode = 'ERR_INVALID_OPTION';
  readonly status = 500;
  readonly expose = false;
  /** The option at fault, e.g. `basePath` or `preview.previewModeId`. */
  readonly option: string;

  /** `subject` names what is wrong when it is an argument rather than an option (`apiRoutes(dir)`). */
  constructor(option: string, problem: string, subject = `option "${option}"`) {
    super(`${PREFIX}${subject} ${problem}`);
    this.name = 'OptionError';
    this.option = option;
  }
}

/** `dir` of `apiRoutes(dir)` and its siblings: a non-empty string, or an `OptionError` naming the call. */
export function checkDirArgument(call: string, dir: unknown, what: string): asserts dir is string {
  if (typeof dir !== 'string' || dir === '') {
    throw new OptionError('dir', `needs the path of ${what} (received ${dir === '' ? 'an empty string' : typeof dir})`, `${call}(dir)`);
  }
}

/** The routes folder cannot be served: missing, or a tree Next would refuse to build. */
export class RouteTreeError extends Error {
  readonly code: RouteTreeErrorCode;
  readonly status = 500;
  readonly expose = false;
  /** The files (or folder) at fault; the first is the one named first in the message. */
  readonly files: readonly string[];

  constructor(code: RouteTreeErrorCode, message: string, files: readonly string[], cause?: unknown) {
    const where = code !== 'ERR_ROUTES_FOLDER' && files.length ? `\n  files: ${files.join(', ')}` : '';
    super(message + where, cause === undefined ? undefined : { cause });
    this.name = 'RouteTreeError';
    this.code = code;
    this.files = files;
  }
}

/** One route file cannot be served: it does not load, has no default function, or an invalid `config`. */
export class RouteLoadError extends Error {
  readonly code: RouteLoadErrorCode;
  readonly status = 500;
  readonly expose = false;
  /** Absolute path of the route file. */
  readonly file: string;

  constructor(code: RouteLoadErrorCode, message: string, file: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RouteLoadError';
    this.code = code;
    this.file = file;
  }
}

/**
 * A client error Next answers before the handler runs (docs/next-behaviour.md
 * §8): the message is both the status-line reason and the body. Named and
 * shaped like Next's own `ApiError` (`statusCode`).
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: 400 | 413;
  readonly statusCode: 400 | 413;
  readonly expose = true;

  constructor(status: 400 | 413, code: ApiErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.statusCode = status;
  }
}

/** The message of a thrown value: `err.message` for Errors, `String(err)` for anything else. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The stack of an Error of any realm (handlers may run in another one under jest), else its message, else `String(err)`. */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object' && 'stack' in err && typeof err.stack === 'string') return err.stack;
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}

/** Levenshtein distance; names here are short, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The candidate within two edits of `name` (the closest, the first on a tie), for a "did you mean". */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}
