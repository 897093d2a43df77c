// Real-world patterns, part 2: signed webhooks. Both routes turn Next's body
// parser off and verify an HMAC over the exact bytes received, one reading
// with raw-body (timestamped `t=…,v1=…` header), one with stream events
// (`X-Hub-Signature-256: sha256=…`). Driven as the sending services drive them.
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { rawRequest } from './support';
import { API_DIR, EXPRESS_4, EXPRESS_5, HOSTS, SECRETS, useSecrets, useServer } from './support/real-world';

useSecrets();

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function paymentsSignature(payload: Buffer, timestamp = nowSeconds(), secret = SECRETS.PAYMENTS_WEBHOOK_SECRET): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

function hubSignature(payload: Buffer, secret = SECRETS.REPOSITORY_WEBHOOK_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`;
}

/** As the provider sends it: pretty-printed, a trailing newline, non-ASCII text. Any re-serialisation breaks the signature. */
function paymentEvent(id: string): Buffer {
  const event = { id, type: 'payment_intent.succeeded', data: { object: { amount: 2900, currency: 'eur', description: 'Théière ☕' } } };
  return Buffer.from(`${JSON.stringify(event, null, 2)}\n`);
}

describe.each(HOSTS)('signed webhooks on %s', (_name, host) => {
  const app = useServer(host);
  afterAll(() => expect(app.logger.lines).toEqual([]));

  describe('timestamped signature, body read with raw-body', () => {
    const post = (payload: Buffer, signature: string) =>
      // A string is sent as it is; superagent would JSON-encode a Buffer.
      request(app.url).post('/api/webhooks/payments').set('Content-Type', 'application/json').set('Payments-Signature', signature).send(payload.toString());

    test('a signed delivery is accepted; a retry of the same event is recognised', async () => {
      const payload = paymentEvent('evt_1');
      const first = await post(payload, paymentsSignature(payload));
      expect([first.status, first.body]).toEqual([200, { received: true, duplicate: false, amount: 2900, currency: 'eur' }]);
      const retry = await post(payload, paymentsSignature(payload));
      expect([retry.status, retry.body]).toEqual([200, { received: true, duplicate: true, amount: 2900, currency: 'eur' }]);
    });

    test('the same event re-serialised does not verify (the route sees the exact bytes)', async () => {
      const payload = paymentEvent('evt_2');
      const compact = Buffer.from(JSON.stringify(JSON.parse(payload.toString())));
      const res = await post(compact, paymentsSignature(payload));
      expect([res.status, res.text]).toEqual([400, 'Webhook Error: no signature matches the payload']);
    });

    test('a stale timestamp, a wrong secret, a missing header are refused', async () => {
      const payload = paymentEvent('evt_3');
      const stale = await post(payload, paymentsSignature(payload, nowSeconds() - 600));
      expect([stale.status, stale.text]).toEqual([400, 'Webhook Error: timestamp outside the tolerance zone']);
      const wrong = await post(payload, paymentsSignature(payload, nowSeconds(), 'whsec_someone_else'));
      expect([wrong.status, wrong.text]).toEqual([400, 'Webhook Error: no signature matches the payload']);
      const missing = await request(app.url).post('/api/webhooks/payments').set('Content-Type', 'application/json').send(payload.toString());
      expect([missing.status, missing.text]).toEqual([400, 'Webhook Error: missing signature header']);
    });

    test('during a secret rotation, one matching v1 of several is enough', async () => {
      const payload = paymentEvent('evt_4');
      const t = nowSeconds();
      const old = createHmac('sha256', 'whsec_previous_secret').update(`${t}.`).update(payload).digest('hex');
      const res = await post(payload, `${paymentsSignature(payload, t)},v1=${old}`);
      expect(res.status).toBe(200);
    });

    test('a chunked delivery (no Content-Length) verifies too', async () => {
      const payload = paymentEvent('evt_5');
      const res = await rawRequest(app.port, {
        path: '/api/webhooks/payments',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Payments-Signature': paymentsSignature(payload) },
        chunks: [payload.subarray(0, 7), payload.subarray(7, 40), payload.subarray(40)],
      });
      expect([res.status, JSON.parse(res.body)]).toEqual([200, { received: true, duplicate: false, amount: 2900, currency: 'eur' }]);
    });

    test('other methods: 405 with Allow', async () => {
      const res = await request(app.url).get('/api/webhooks/payments');
      expect([res.status, res.headers.allow, res.text]).toEqual([405, 'POST', 'Method Not Allowed']);
    });
  });

  describe('hub signature, body read with data/end events', () => {
    const deliver = (event: string, body: object, secret?: string) => {
      const payload = Buffer.from(JSON.stringify(body));
      return request(app.url)
        .post('/api/webhooks/repository')
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', event)
        .set('X-Hub-Signature-256', hubSignature(payload, secret))
        .send(payload.toString());
    };

    test('ping and push deliveries', async () => {
      const ping = await deliver('ping', { zen: 'Keep it logically awesome.', hook_id: 1 });
      expect([ping.status, ping.body]).toEqual([200, { pong: 'Keep it logically awesome.' }]);
      const push = await deliver('push', { ref: 'refs/heads/main', commits: [{ id: 'a' }, { id: 'b' }] });
      expect([push.status, push.body]).toEqual([202, { ref: 'refs/heads/main', commits: 2 }]);
      const other = await deliver('star', { action: 'created' });
      expect([other.status, other.text]).toEqual([204, '']);
    });

    test('a delivery signed with another secret is refused', async () => {
      const res = await deliver('push', { ref: 'refs/heads/main', commits: [] }, 'not-the-secret');
      expect([res.status, res.body]).toEqual([401, { error: 'signature does not match' }]);
    });
  });
});

/**
 * A host app that mounts a body parser before the folder (a common Express
 * habit): the webhook routes' raw streams were drained before they run. Each
 * request must still end promptly, and the log must say which route and how
 * to fix the mount order. A hang shows up as supertest's timeout.
 */
describe.each([
  [EXPRESS_5.name, EXPRESS_5],
  [EXPRESS_4.name, EXPRESS_4],
])('a body parser mounted before the folder on %s', (_name, host) => {
  const app = useServer(host, {}, (server, express) => server.use(express.json()));
  const HANG_GUARD = { response: 5000, deadline: 8000 };

  /** The one warning about `page`: names the route and its file, says why and how to fix the mount order. */
  function expectMountOrderWarning(page: string, file: string): void {
    const lines = app.logger.lines.filter((line) => line.startsWith('warn:') && line.includes(`API route ${page} (`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`(${API_DIR}/${file})`);
    expect(lines[0]).toContain('config.api.bodyParser = false, but middleware before it already read the request body');
    expect(lines[0]).toContain('Mount body parsers after apiRoutes()');
  }

  test('a data/end reader ends promptly (its signature check fails on the empty stream)', async () => {
    const payload = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', commits: [] }));
    for (let i = 0; i < 2; i++) {
      const res = await request(app.url)
        .post('/api/webhooks/repository')
        .timeout(HANG_GUARD)
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', 'push')
        .set('X-Hub-Signature-256', hubSignature(payload))
        .send(payload.toString());
      expect([res.status, res.body]).toEqual([401, { error: 'signature does not match' }]);
    }
    expectMountOrderWarning('/api/webhooks/repository', 'webhooks/repository.ts');
  });

  test('a raw-body reader ends promptly (raw-body refuses the drained stream: 500)', async () => {
    const payload = paymentEvent('evt_upstream');
    const res = await request(app.url)
      .post('/api/webhooks/payments')
      .timeout(HANG_GUARD)
      .set('Content-Type', 'application/json')
      .set('Payments-Signature', paymentsSignature(payload))
      .send(payload.toString());
    expect([res.status, res.text]).toEqual([500, 'Internal Server Error']);
    expectMountOrderWarning('/api/webhooks/payments', 'webhooks/payments.ts');
  });
});
