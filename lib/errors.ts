/**
 * The only place errors are made. Like the jshttp/pillarjs modules, every error
 * carries `status` (HTTP status to answer with), `expose` (whether its message
 * may go to the client) and `type` (a stable machine-readable name).
 */

export type ErrorType =
  | 'route.conflict'
  | 'route.invalid-segment'
  | 'routes.dir'
  | 'options.invalid'
  | 'handler.load'
  | 'handler.not-a-function'
  | 'config.invalid'
  | 'body.too-large'
  | 'body.invalid'
  | 'body.invalid-json';

export class ApiError extends Error {
  readonly status: number;
  readonly expose: boolean;
  readonly type: ErrorType;
  /** The file at fault, when there is one. */
  readonly file?: string;

  constructor(status: number, message: string, type: ErrorType, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.status = status;
    this.expose = status < 500;
    this.type = type;
    if (options.file !== undefined) this.file = options.file;
  }
}

/** An error in the routes folder itself (conflict, bad segment): thrown by `apiRoutes()`. */
export function routeError(message: string, type: 'route.conflict' | 'route.invalid-segment', files: string[]): ApiError {
  const where = files.length ? `\n  files: ${files.join(', ')}` : '';
  return new ApiError(500, message + where, type, { file: files[0] });
}

/** A bad option: `TypeError` naming it, thrown by `apiRoutes()`. */
export function optionError(name: string, problem: string): TypeError {
  const err = new TypeError(`next-api-express: option "${name}" ${problem}`);
  return Object.assign(err, { status: 500, expose: false, type: 'options.invalid' as const });
}

/** A client error whose message is the status-line reason and the body (spec §8 sendError). */
export function clientError(status: 400 | 413, message: string, type: ErrorType, cause?: unknown): ApiError {
  return new ApiError(status, message, type, { cause });
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** The message of a thrown value: `err.message` for Errors, `String(err)` for anything else. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `err.message` for Errors of any realm, `String(err)` for anything thrown. */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object' && 'stack' in err && typeof err.stack === 'string') return err.stack;
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}
