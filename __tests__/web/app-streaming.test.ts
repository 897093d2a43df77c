// Streaming both ways over real sockets (docs/next-behaviour.md §26, §28), on
// every host: response chunks reach the client as they are produced (checked
// by gating each chunk on the client having received the previous one, not by
// timing), backpressure, a client leaving cancels the stream and aborts
// request.signal, a stream failing part-way ends the connection, and the
// request body reaches the handler as the client sends it.
import http, { type IncomingMessage, type Server } from 'node:http';
import { APP_HOSTS, appDir, closeServer, eventually, listen, resetProbe, type Probe } from '../support';
import { format } from 'node:util';

/** A logger that formats as console does (errors with their cause). */
function consoleLikeLogger(): { error: (...a: unknown[]) => void; warn: (...a: unknown[]) => void; text(): string } {
  const lines: string[] = [];
  return { error: (...a) => lines.push(format(...a)), warn: (...a) => lines.push(format(...a)), text: () => lines.join('\n') };
}

function get(port: number, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, resolve);
    req.on('error', reject);
  });
}

describe.each(APP_HOSTS)('%s', (_name, host) => {
  let server: Server;
  let port: number;
  let probe: Probe;
  let logger: ReturnType<typeof consoleLikeLogger>;
  beforeEach(async () => {
    probe = resetProbe();
    logger = consoleLikeLogger();
    server = host(appDir, { logger, dev: false });
    port = await listen(server);
  });
  afterEach(() => closeServer(server));

  test('server-sent events reach the client one by one, as they are produced', async () => {
    let release: () => void = () => {};
    probe.gate = () => new Promise<void>((resolve) => (release = resolve));
    const res = await get(port, '/api/stream/sse');
    expect(res.headers['content-type']).toBe('text/event-stream');
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      res.on('data', (chunk: Buffer) => {
        received.push(chunk.toString());
        // The next event is produced only now: had the first been held back, this would never run.
        release();
      });
      res.on('end', resolve);
      res.on('error', reject);
    });
    expect(received).toEqual(['data: token 1\n\n', 'data: token 2\n\n', 'data: token 3\n\n']);
  });

  test('a client that goes away cancels the stream and aborts request.signal', async () => {
    const res = await get(port, '/api/stream/endless');
    await new Promise((resolve) => res.once('data', resolve));
    res.destroy();
    await eventually(async () => {
      expect(probe.events).toEqual(['aborted: ResponseAborted', 'cancelled: ResponseAborted']);
    });
  });

  test('backpressure: a client that does not read stops the stream from being pulled', async () => {
    const res = await get(port, '/api/stream/many');
    res.pause();
    let pulls = -1;
    // Wait until the server stops asking for chunks (the socket is full).
    await eventually(async () => {
      const now = probe.events.length;
      const stable = now === pulls;
      pulls = now;
      expect(stable).toBe(true);
    });
    expect(pulls).toBeLessThan(512); // 1025 pulls would be the whole 64 MiB
    let bytes = 0;
    res.on('data', (chunk: Buffer) => (bytes += chunk.length));
    res.resume();
    await new Promise((resolve) => res.on('end', resolve));
    expect(bytes).toBe(64 * 1024 * 1024);
    expect(probe.events.length).toBe(1025);
  });

  test('a stream that fails part-way: what was written arrives, then the connection ends', async () => {
    const res = await get(port, '/api/stream/fail');
    expect(res.statusCode).toBe(200);
    let text = '';
    res.on('data', (chunk: Buffer) => (text += chunk));
    const ended = await new Promise<string>((resolve) => {
      res.on('end', () => resolve('end'));
      res.on('aborted', () => resolve('aborted'));
      res.on('error', () => resolve('aborted'));
    });
    expect({ text, ended, complete: res.complete }).toEqual({ text: 'partial ', ended: 'aborted', complete: false });
    await eventually(async () => expect(logger.text()).toContain('⨯ Error: failed to pipe response'));
    expect(logger.text()).toContain('[cause]: Error: the stream broke');
  });

  test('the request body reaches the handler as the client sends it', async () => {
    const answer = new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/stream/echo', agent: false, headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.write('one');
      // The second chunk is sent only once the handler has read the first.
      void eventually(async () => expect(probe.events).toEqual(['read: one'])).then(() => {
        req.write('two');
        req.end();
      });
    });
    expect(JSON.parse(await answer)).toEqual({ seen: ['one', 'two'] });
  });

  test('after() runs once the answer has been sent', async () => {
    const res = await get(port, '/api/after');
    res.resume();
    await new Promise((resolve) => res.on('end', resolve));
    await eventually(async () => expect(probe.events).toEqual(['handler returned', 'after ran']));
  });
});
