// userAgent(), userAgentFromString() and URLPattern from next/server
// (lib/web/user-agent.ts, lib/web/url-pattern.ts; docs/next-behaviour.md §24),
// served by App Router and edge API routes over real sockets.
import express from 'express';
import request from 'supertest';
import { apiRoutes, appRoutes } from '../../lib';
import { URLPattern } from '../../lib/web/next/server';
import { fixture, memoryLogger } from '../support';

const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

function app() {
  const logger = memoryLogger();
  const server = express();
  server.use('/api', appRoutes(fixture('next-server-extras', 'app', 'api'), { logger }));
  server.use('/api', apiRoutes(fixture('next-server-extras', 'pages', 'api'), { logger }));
  return { server, logger };
}

describe('userAgent()', () => {
  test('a desktop browser: ua-parser-js fields, not a bot', async () => {
    const { server } = app();
    const res = await request(server).get('/api/ua').set('User-Agent', CHROME_MAC);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      isBot: false,
      browser: { name: 'Chrome', version: '120.0.0.0', major: '120' },
      os: { name: 'Mac OS', version: '10.15.7' },
      device: { vendor: 'Apple', model: 'Macintosh' },
      engine: { name: 'Blink', version: '120.0.0.0' },
      missing: { ua: '', browser: {}, engine: {}, os: {}, device: {}, cpu: {}, isBot: false },
    });
  });

  test('a phone is a mobile device; Googlebot is a bot; no header is no bot', async () => {
    const { server } = app();
    const phone = await request(server).get('/api/ua').set('User-Agent', IPHONE);
    expect(phone.body.device).toEqual({ vendor: 'Apple', model: 'iPhone', type: 'mobile' });
    expect(phone.body.os).toEqual({ name: 'iOS', version: '17.1' });
    expect((await request(server).get('/api/ua').set('User-Agent', GOOGLEBOT)).body.isBot).toBe(true);
    expect((await request(server).get('/api/ua').set('User-Agent', 'Slackbot-LinkExpanding 1.0')).body.isBot).toBe(true);
    const none = await request(server).get('/api/ua').unset('User-Agent');
    expect(none.body).toMatchObject({ isBot: false, browser: {} });
  });

  test('an edge API route reads it too', async () => {
    const { server } = app();
    expect((await request(server).get('/api/edge-ua').set('User-Agent', GOOGLEBOT)).body).toEqual({ isBot: true, browser: null });
    expect((await request(server).get('/api/edge-ua').set('User-Agent', CHROME_MAC)).body).toEqual({ isBot: false, browser: 'Chrome' });
  });
});

describe('URLPattern', () => {
  test('a route builds one at load time and matches request URLs with it', async () => {
    const { server, logger } = app();
    expect((await request(server).get('/api/match/products/42')).body).toEqual({ matches: true, id: '42', isInstance: true });
    expect((await request(server).get('/api/match/products/abc')).body).toEqual({ matches: false, id: null, isInstance: true });
    expect(logger.lines).toEqual([]);
  });

  test('statics, prototype and instanceof reach the real class', () => {
    const pattern = new URLPattern({ pathname: '/books/:id' });
    expect(pattern.pathname).toBe('/books/:id');
    expect(pattern.exec('https://example.test/books/7')?.pathname.groups).toEqual({ id: '7' });
    expect(pattern instanceof URLPattern).toBe(true);
    expect({} instanceof URLPattern).toBe(false);
    expect(typeof URLPattern.prototype.test).toBe('function');
    expect(Object.getPrototypeOf(pattern)).toBe(URLPattern.prototype);
  });
});

describe('the WebSocket global (Node 20 has none; next start provides one)', () => {
  test('a route opens a socket with the global constructor and gets its answer', async () => {
    const { WebSocketServer } = require('ws') as typeof import('ws');
    const sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    sockets.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo:${String(data)}`)));
    await new Promise((resolve) => sockets.once('listening', resolve));
    try {
      const { server } = app();
      const address = sockets.address() as { port: number };
      const res = await request(server).post('/api/relay').set('X-Socket-Url', `ws://127.0.0.1:${address.port}`).set('Content-Type', 'text/plain').send('hello');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ reply: 'echo:hello', kind: 'function' });
    } finally {
      await new Promise((resolve) => sockets.close(resolve));
    }
  });

  test('assigning globalThis.WebSocket replaces the lazy one, as under Next; mounting again keeps it', () => {
    app();
    const global = globalThis as { WebSocket?: unknown };
    const ours = global.WebSocket;
    expect(ours).toBe((require('ws') as { WebSocket: unknown }).WebSocket);
    const mine = function MyWebSocket() {};
    global.WebSocket = mine;
    app();
    expect(global.WebSocket).toBe(mine);
    global.WebSocket = ours;
  });
});
