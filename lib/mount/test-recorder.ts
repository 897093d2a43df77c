/**
 * What a test app keeps for the test: every log line and every handler error,
 * plus the responses a test app gives where a host app would take over (the
 * 500 for an error passed to `next(err)`, the 404 for an unmatched URL).
 * Shared by `createTestApp` and `testHandler` (test-apps.ts).
 */
import type { ServerResponse } from 'node:http';
import { format, types } from 'node:util';
import { OptionError } from '../errors';
import { sendInternalServerError } from '../pages/send';
import type { Logger } from '../types';

export interface LogEntry {
  level: 'error' | 'warn';
  /** The arguments formatted as `console` would print them (errors with their stack). */
  message: string;
}

/** Options shared by both helpers, in place of `apiRoutes`'s `logger` and `onError`. */
export interface RecorderOptions {
  /**
   * `true`: after its 500 has been sent, each handler error is also thrown as
   * an uncaught exception, so jest, vitest and `node --test` fail the running
   * test with the handler's own error and stack instead of an opaque 500.
   * Default `false`: errors are only collected in `app.errors`.
   */
  throwErrors?: boolean;
  /** Where log lines go besides `app.logs`: default `console`; `false` keeps them only in `app.logs`. */
  logger?: Logger | false;
}

export class TestRecorder {
  readonly errors: unknown[] = [];
  readonly logs: LogEntry[] = [];
  /** Handed to the library as its `logger`. */
  readonly logger: Logger;
  private readonly seen = new Set<unknown>();
  private readonly forward: Logger | false;
  private readonly throwErrors: boolean;

  constructor(options: RecorderOptions) {
    if (options.throwErrors !== undefined && typeof options.throwErrors !== 'boolean') {
      throw new OptionError('throwErrors', `must be true or false (received ${JSON.stringify(options.throwErrors)})`);
    }
    this.throwErrors = options.throwErrors === true;
    this.forward = checkLogger(options.logger);
    this.logger = { error: (...args) => this.log('error', args), warn: (...args) => this.log('warn', args) };
  }

  private log(level: LogEntry['level'], args: unknown[]): void {
    this.logs.push({ level, message: format(...args) });
    if (this.forward) this.forward[level](...args);
    // An error thrown after the response started never reaches `next(err)`:
    // the library only logs it. `isNativeError` because handler modules may
    // come from another realm than the test runner's (jest's vm contexts).
    if (level === 'error') for (const arg of args) if (types.isNativeError(arg)) this.record(arg);
  }

  /** Keeps `err` once (it may be both logged and passed to `next`), then rethrows it if asked. */
  record(err: unknown): void {
    if (this.seen.has(err)) return;
    this.seen.add(err);
    this.errors.push(err);
    // Next tick: the 500 is already written and the client has not read it
    // yet, so the runner sees the handler's error before the test's own
    // status assertion, and no socket is left waiting.
    if (this.throwErrors) process.nextTick(() => { throw err; });
  }

  /** The `next(err)` of a test app: Next's own plain 500 (what `onError: 'respond'` sends). */
  fail(err: unknown, res: ServerResponse): void {
    this.record(err);
    if (!res.headersSent) sendInternalServerError(res);
  }

  clear(): void {
    this.errors.length = 0;
    this.logs.length = 0;
    this.seen.clear();
  }
}

function checkLogger(value: Logger | false | undefined): Logger | false {
  if (value === undefined) return console;
  if (value === false) return false;
  if (!value || typeof value.error !== 'function' || typeof value.warn !== 'function') {
    throw new OptionError('logger', 'must have error() and warn() methods, like console, or be false');
  }
  return value;
}
