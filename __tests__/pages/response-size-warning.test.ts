// The response-size warning (docs/next-behaviour.md §11 `responseLimit`),
// logged in production too; the response is sent whole.
import { Readable } from 'node:stream';
import request from 'supertest';
import type { NextApiHandler } from '../../lib';
import { testHandler } from '../../lib/testing';
import { DEV, logged, nextTurn, PRODUCTION, sleep } from '../support';

/** Sends `?n=` bytes of `x`. */
const big: NextApiHandler = (req, res) => res.send('x'.repeat(Number(req.query.n)));

describe('the response-size warning (docs/next-behaviour.md §11), in every mode', () => {
  it('default 4MB: warns at exactly 4,194,304 bytes, not one byte less; full body sent', async () => {
    const app = testHandler(big, PRODUCTION);
    const r = await request(app).get('/api/big?n=4194304');
    expect(r.text.length).toBe(4_194_304);
    await request(app).get('/api/big?n=4194303');
    await nextTurn();
    expect(logged(app, 'warn')).toEqual([
      'API response for /api/big?n=4194304 exceeds 4MB. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit',
    ]);
  });

  it('custom limits are formatted by bytes (1KB, 1000B); writes and streams count', async () => {
    const app = testHandler(
      (req, res) => {
        if (req.query.t === 'write') {
          res.write('x'.repeat(600));
          res.end(Buffer.alloc(424, 0x78));
        } else if (req.query.t === 'stream') res.send(Readable.from([Buffer.alloc(512), Buffer.alloc(512)]));
        else res.send('x'.repeat(1023));
      },
      { ...PRODUCTION, config: { api: { responseLimit: 1024 } } },
    );
    await request(app).get('/a?t=write');
    await request(app).get('/b?t=stream');
    await request(app).get('/c');
    await sleep(5);
    expect(logged(app, 'warn')).toEqual([
      'API response for /a?t=write exceeds 1KB. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit',
      'API response for /b?t=stream exceeds 1KB. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit',
    ]);
    const thousand = testHandler(big, { ...DEV, config: { api: { responseLimit: 1000 } } });
    await request(thousand).get('/?n=1000');
    await nextTurn();
    expect(logged(thousand, 'warn')[0]).toContain('exceeds 1000B.');
  });

  it('responseLimit false disables it', async () => {
    const app = testHandler(big, { ...PRODUCTION, config: { api: { responseLimit: false } } });
    await request(app).get('/?n=5000000');
    await nextTurn();
    expect(logged(app, 'warn')).toEqual([]);
  });
});
