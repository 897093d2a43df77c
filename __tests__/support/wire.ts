/** What supertest does not show directly: the reason phrase, header order, raw framing and connection reuse. */
import http, { type IncomingMessage } from 'node:http';

/** supertest keeps the raw IncomingMessage on `res.res`, untyped. */
function rawResponse(res: object): IncomingMessage {
  return (res as { res: IncomingMessage }).res;
}

/** The reason phrase of the status line. */
export function reasonPhrase(res: object): string | undefined {
  return rawResponse(res).statusMessage;
}

/** Header names as sent on the wire, in order, filtered by a pattern. */
export function headerNames(res: object, pattern: RegExp): string[] {
  return rawResponse(res).rawHeaders.filter((name, i) => i % 2 === 0 && pattern.test(name));
}

/** All values of a repeated header (e.g. Set-Cookie), [] when absent. */
export function headerList(res: { headers: Record<string, unknown> }, name: string): string[] {
  const value = res.headers[name.toLowerCase()];
  return value === undefined ? [] : Array.isArray(value) ? (value as string[]) : [String(value)];
}

/** Starts `server` on a free port of 127.0.0.1. */
export function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** Closes `server` and its open connections (idle keep-alive sockets included). */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

export interface RawResult {
  status: number;
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
}

/** A request with full control over framing (Content-Length vs chunks) and connection reuse. */
export function rawRequest(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; chunks?: Array<string | Buffer>; agent?: http.Agent },
): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? '/', headers: opts.headers, agent: opts.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            reusedSocket: req.reusedSocket,
          }),
        );
      },
    );
    req.on('error', reject);
    for (const chunk of opts.chunks ?? []) req.write(chunk);
    req.end();
  });
}
