/**
 * The node:http server around the middleware, and its graceful stop:
 * stop accepting, close idle keep-alive connections, let in-flight requests
 * finish (their connections close after the response), and after the timeout
 * cut off whatever is left.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface StopResult {
  /** Requests still running when the timeout cut their connections. */
  cutOff: number;
}

export interface ApiServer {
  readonly server: Server;
  /** Requests whose response has not finished. */
  inFlight(): number;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Idempotent: a second call returns the first call's promise. */
  stop(timeoutMs: number): Promise<StopResult>;
}

/** Node's server timeouts, in ms (0: none); the CLI's defaults and flags are in args.ts. */
export interface ServerTimeouts {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
}

/**
 * How often Node looks for connections past their head or request timeout.
 * Its default, 30 s, would let a 20 s timeout run to 50 s; a quarter of the
 * shortest timeout, between 50 ms and 1 s, keeps them close to what they say.
 */
function checkingInterval(timeouts: ServerTimeouts): number {
  const set = [timeouts.headersTimeout, timeouts.requestTimeout].filter((t) => t > 0);
  return set.length ? Math.min(1000, Math.max(50, Math.floor(Math.min(...set) / 4))) : 1000;
}

export function createApiServer(handler: Handler, timeouts?: ServerTimeouts): ApiServer {
  const running = new Set<ServerResponse>();
  let stopping: Promise<StopResult> | undefined;

  const options = timeouts
    ? { headersTimeout: timeouts.headersTimeout, requestTimeout: timeouts.requestTimeout, connectionsCheckingInterval: checkingInterval(timeouts) }
    : {};
  const server = createServer(options, (req, res) => {
    running.add(res);
    // Once stopping, a request that still arrives on a kept-alive connection is the last on it.
    if (stopping) res.setHeader('Connection', 'close');
    res.once('close', () => {
      running.delete(res);
      // A response that had sent keep-alive headers before the stop leaves an idle socket.
      if (stopping) server.closeIdleConnections();
    });
    handler(req, res);
  });

  if (timeouts) server.keepAliveTimeout = timeouts.keepAliveTimeout;

  return {
    server,
    inFlight: () => running.size,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException): void => reject(new Error(describeListenError(err, port, host)));
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    stop(timeoutMs) {
      stopping ??= new Promise<StopResult>((resolve) => {
        for (const res of running) if (!res.headersSent) res.setHeader('Connection', 'close');
        let cutOff = 0;
        const timer = setTimeout(() => {
          cutOff = running.size;
          server.closeAllConnections();
        }, timeoutMs);
        // Resolves once every connection has ended (or at once if not listening).
        server.close(() => {
          clearTimeout(timer);
          resolve({ cutOff });
        });
        server.closeIdleConnections();
      });
      return stopping;
    },
  };
}

function describeListenError(err: NodeJS.ErrnoException, port: number, host: string): string {
  switch (err.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (choose another with --port)`;
    case 'EACCES':
      return `no permission to listen on port ${port} (ports below 1024 need privileges; choose another with --port)`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on host ${host}: ${err.code} (check --host)`;
    default:
      return `cannot listen on ${host}:${port}: ${err.message}`;
  }
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * The first SIGINT/SIGTERM calls `graceful`; any later one calls `immediate`.
 * Returns a function that removes the listeners.
 */
export function onStopSignals(graceful: (signal: StopSignal) => void, immediate: (signal: StopSignal) => void): () => void {
  let received = 0;
  const listener = (signal: StopSignal): void => {
    received += 1;
    if (received === 1) graceful(signal);
    else immediate(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}
