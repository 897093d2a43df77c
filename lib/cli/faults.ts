/**
 * Faults that escape a handler's promise — a throw in a timer or an event
 * listener, a rejection nobody awaits — cannot be answered per request, and
 * left alone they end the process (Node's default), losing every request in
 * flight. Next's own server logs them (`⨯ uncaughtException: ...`) and keeps
 * serving (docs/next-behaviour.md §12 "Uncaught exceptions"); so does the CLI,
 * naming the request the fault came from when it is known, unless
 * `--exit-on-uncaught` asks for Node's behaviour (log, then exit 1).
 *
 * "The request it came from" is tracked with AsyncLocalStorage: each request
 * runs in a context holding its method and URL, which timers, listeners and
 * promises created while handling it inherit, and which is still current when
 * Node reports the fault.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';

interface RequestContext {
  method: string;
  url: string;
}

const current = new AsyncLocalStorage<RequestContext>();

/** Runs `handle` (the middleware, for one request) in that request's context. */
export function inRequestContext(req: IncomingMessage, handle: () => void): void {
  current.run({ method: req.method ?? 'GET', url: req.url ?? '/' }, handle);
}

export interface FaultOptions {
  exit: boolean;
  log(line: string): void;
  /** The route file that serves a URL, for the log line; undefined when none does. */
  describeRoute(url: string): string | undefined;
}

function describeFault(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * Installs the process-wide handler. One 'uncaughtException' listener sees
 * both kinds of fault: without an 'unhandledRejection' listener, Node reports
 * an unhandled rejection there with origin `unhandledRejection`.
 */
export function handleEscapedFaults(options: FaultOptions): void {
  process.on('uncaughtException', (err, origin) => {
    const request = current.getStore();
    let where = '';
    if (request) {
      let route: string | undefined;
      try {
        route = options.describeRoute(request.url);
      } catch {
        route = undefined;
      }
      where = ` while serving ${request.method} ${request.url}${route ? ` (${route})` : ''}`;
    }
    options.log(`⨯ ${origin}${where}: ${describeFault(err)}`);
    if (options.exit) {
      options.log('exiting (--exit-on-uncaught)');
      process.exit(1);
    }
  });
}
