// Unit tests of pure parts: the preview-data JWT (HS256) and the AES-256-GCM
// encryption inside it, in the formats Next writes (docs/next-behaviour.md §9).
import { createHmac } from 'node:crypto';
import { signPreviewJwt, verifyPreviewJwt } from '../../lib/preview/jwt';
import { decryptWithSecret, encryptWithSecret } from '../../lib/preview/encryption';

const SECRET = 'signing-key-signing-key-signing-key-0001';

function b64json(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

describe('preview JWT (HS256)', () => {
  it('has the header and claims Next writes, in order', () => {
    const token = signPreviewJwt('payload', SECRET, undefined, 1_700_000_000);
    const [header, claims, sig] = token.split('.');
    expect(Buffer.from(header, 'base64url').toString()).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(Buffer.from(claims, 'base64url').toString()).toBe('{"data":"payload","iat":1700000000}');
    // The signature is a plain HMAC-SHA256 over "header.claims" with the key as UTF-8.
    expect(sig).toBe(createHmac('sha256', SECRET).update(`${header}.${claims}`).digest('base64url'));
    expect(token).not.toMatch(/=/);
  });

  it('adds exp = iat + maxAge', () => {
    const token = signPreviewJwt('d', SECRET, 60, 1_700_000_000);
    expect(b64json(token.split('.')[1])).toEqual({ data: 'd', iat: 1_700_000_000, exp: 1_700_000_060 });
  });

  it('verifies its own tokens and returns the claims', () => {
    const token = signPreviewJwt('d', SECRET, 60, 1_700_000_000);
    expect(verifyPreviewJwt(token, SECRET, 1_700_000_059)).toEqual({ data: 'd', iat: 1_700_000_000, exp: 1_700_000_060 });
  });

  it('rejects expired tokens (now >= exp), as jsonwebtoken does', () => {
    const token = signPreviewJwt('d', SECRET, 60, 1_700_000_000);
    expect(verifyPreviewJwt(token, SECRET, 1_700_000_060)).toBeNull();
  });

  it('rejects a wrong key, a tampered payload, and malformed tokens', () => {
    const token = signPreviewJwt('d', SECRET, undefined, 1_700_000_000);
    expect(verifyPreviewJwt(token, 'another-signing-key-of-some-length')).toBeNull();
    const [h, , s] = token.split('.');
    const forged = Buffer.from('{"data":"e","iat":1700000000}').toString('base64url');
    expect(verifyPreviewJwt(`${h}.${forged}.${s}`, SECRET)).toBeNull();
    for (const bad of ['', 'a', 'a.b', 'a.b.c.d', '.b.c', token + 'x', token.slice(0, -2)]) {
      expect(verifyPreviewJwt(bad, SECRET)).toBeNull();
    }
  });

  it('rejects alg "none" and other algorithms even with a matching HMAC', () => {
    for (const alg of ['none', 'HS512', 'RS256']) {
      const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
      const claims = Buffer.from('{"data":"d","iat":1}').toString('base64url');
      const sig = createHmac('sha256', SECRET).update(`${header}.${claims}`).digest('base64url');
      expect(verifyPreviewJwt(`${header}.${claims}.${sig}`, SECRET)).toBeNull();
    }
  });

  it('rejects non-object claims and a non-numeric exp', () => {
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    for (const claimsJson of ['"str"', '[1]', 'null', '{"data":"d","exp":"soon"}']) {
      const claims = Buffer.from(claimsJson).toString('base64url');
      const sig = createHmac('sha256', SECRET).update(`${header}.${claims}`).digest('base64url');
      expect(verifyPreviewJwt(`${header}.${claims}.${sig}`, SECRET)).toBeNull();
    }
  });
});

describe('encryptWithSecret / decryptWithSecret (Next crypto-utils format)', () => {
  const key = Buffer.from('encryption-key-encryption-key-00001');

  it('round-trips UTF-8 text', () => {
    const text = JSON.stringify({ user: 'x', emoji: '✓😀' });
    expect(decryptWithSecret(key, encryptWithSecret(key, text))).toBe(text);
  });

  it('is hex of salt(64) ‖ iv(16) ‖ tag(16) ‖ ciphertext, random per call', () => {
    const a = encryptWithSecret(key, 'abc');
    const b = encryptWithSecret(key, 'abc');
    expect(a).toMatch(/^[0-9a-f]+$/);
    expect(a.length).toBe((64 + 16 + 16 + 3) * 2); // GCM ciphertext is as long as the plaintext
    expect(a).not.toBe(b);
  });

  it('fails on a wrong key or a flipped byte', () => {
    const enc = encryptWithSecret(key, 'secret');
    expect(() => decryptWithSecret(Buffer.from('another-encryption-key-000000000'), enc)).toThrow();
    const flipped = enc.slice(0, -2) + (enc.endsWith('00') ? '01' : '00');
    expect(() => decryptWithSecret(key, flipped)).toThrow();
    expect(() => decryptWithSecret(key, 'abcd')).toThrow();
  });
});
