/**
 * The `enforceMaxDuration` option for Web handlers (beyond `next start`, which
 * ignores `maxDuration`; hosting platforms stop the function instead): once
 * the route's time is up, counted from the request's arrival, a client that
 * got nothing yet gets `504 Gateway Timeout` (with `Connection: close`), an
 * answer already started is cut off, and `request.signal` aborts with a
 * `TimeoutError`, so the handler can stop.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from '../types';
import type { ExchangeSignal } from './node-request';

export function enforceMaxDuration(res: ServerResponse, seconds: number, route: { page: string; file: string }, logger: Logger, exchange: ExchangeSignal): void {
  const timer = setTimeout(() => {
    if (res.writableEnded) return;
    logger.error(`Route ${route.page} (${route.file}) ran past its maxDuration of ${seconds}s (enforceMaxDuration): ${res.headersSent ? 'the response was cut off' : 'answered 504'}`);
    exchange.abort(new DOMException(`maxDuration of ${seconds}s exceeded`, 'TimeoutError'));
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.removeHeader('vary');
    res.setHeader('Connection', 'close');
    res.statusCode = 504;
    res.statusMessage = 'Gateway Timeout';
    res.end('Gateway Timeout');
  }, seconds * 1000).unref();
  res.once('close', () => clearTimeout(timer));
}
