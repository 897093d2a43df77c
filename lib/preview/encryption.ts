/**
 * Encryption of preview data inside the JWT, compatible byte for byte with
 * Next's `server/crypto-utils` (docs/next-behaviour.md §9), so a Next.js frontend configured with
 * the same `previewModeEncryptionKey` reads our cookies and we read its:
 *
 * - aes-256-gcm, 16-byte random IV, 16-byte auth tag;
 * - key = PBKDF2-HMAC-SHA512(secret, 64-byte random salt, 100 000 rounds, 32 bytes);
 * - output = hex(salt ‖ iv ‖ tag ‖ ciphertext).
 *
 * The 100 000 PBKDF2 rounds are expensive on purpose (and fixed by Next), which
 * is why preview.ts only gets here when a data cookie is actually present.
 */
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_LENGTH = 32;
const IV_LENGTH = 16;
const TAG_LENGTH = 16;
const SALT_LENGTH = 64;
const PBKDF2_ITERATIONS = 100_000;

function deriveKey(secret: Buffer, salt: Buffer): Buffer {
  return pbkdf2Sync(secret, salt, PBKDF2_ITERATIONS, KEY_LENGTH, 'sha512');
}

export function encryptWithSecret(secret: Buffer, data: string): string {
  const iv = randomBytes(IV_LENGTH);
  const salt = randomBytes(SALT_LENGTH);
  const cipher = createCipheriv(ALGORITHM, deriveKey(secret, salt), iv, { authTagLength: TAG_LENGTH });
  const ciphertext = Buffer.concat([cipher.update(data, 'utf8'), cipher.final()]);
  return Buffer.concat([salt, iv, cipher.getAuthTag(), ciphertext]).toString('hex');
}

/** Throws when the input is truncated or the tag does not authenticate it. */
export function decryptWithSecret(secret: Buffer, encrypted: string): string {
  const buffer = Buffer.from(encrypted, 'hex');
  if (buffer.length < SALT_LENGTH + IV_LENGTH + TAG_LENGTH) throw new Error('preview data is too short to be encrypted data');
  const salt = buffer.subarray(0, SALT_LENGTH);
  const iv = buffer.subarray(SALT_LENGTH, SALT_LENGTH + IV_LENGTH);
  const tag = buffer.subarray(SALT_LENGTH + IV_LENGTH, SALT_LENGTH + IV_LENGTH + TAG_LENGTH);
  const ciphertext = buffer.subarray(SALT_LENGTH + IV_LENGTH + TAG_LENGTH);
  const decipher = createDecipheriv(ALGORITHM, deriveKey(secret, salt), iv, { authTagLength: TAG_LENGTH });
  decipher.setAuthTag(tag);
  return decipher.update(ciphertext, undefined, 'utf8') + decipher.final('utf8');
}
