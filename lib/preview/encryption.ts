/**
 * Encryption of preview data inside the JWT, compatible byte for byte with
 * Next's `server/crypto-utils` (docs/next-behaviour.md §9), so a Next.js frontend configured with
 * the same `previewModeEncryptionKey` reads our cookies and we read its:
 *
 * - aes-256-gcm, 16-byte random IV, 16-byte auth tag;
 * - key = PBKDF2-HMAC-SHA512(secret, 64-byte random salt, 100 000 rounds, 32 bytes);
 * - output = hex(salt ‖ iv ‖ tag ‖ ciphertext).
 *
 * The 100 000 PBKDF2 rounds cost ~40 ms of CPU, synchronously; paid per
 * request, one client holding one valid preview cookie could keep the event
 * loop busy (issue 9). So keys are derived once and kept: this process
 * encrypts everything for a key set under one salt (chosen at random once per
 * key set; IVs stay random per message, which is what AES-GCM needs), and
 * keys derived for decryption are kept by secret and salt, in a bounded
 * cache. Cookies this process wrote all share their key set's salt, so reading
 * them derives nothing; a cookie written by Next (a random salt each) costs
 * one derivation, once. Byte compatibility is unchanged: the salt still
 * travels in every payload.
 */
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { BoundedCache } from './bounded-cache';

const ALGORITHM = 'aes-256-gcm';
const KEY_LENGTH = 32;
const IV_LENGTH = 16;
const TAG_LENGTH = 16;
const SALT_LENGTH = 64;
const PBKDF2_ITERATIONS = 100_000;

/** Derived keys by secret and salt. Only payloads whose JWT verified reach decryption, so clients cannot fill this with junk. */
const derivedKeys = new BoundedCache<string, Buffer>(256);
/** The salt (and so the key) this process encrypts with, per secret. A process has a key set or two. */
const encryptionSalts = new BoundedCache<string, Buffer>(16);

function deriveKey(secret: Buffer, salt: Buffer): Buffer {
  const id = `${secret.toString('hex')}:${salt.toString('hex')}`;
  let key = derivedKeys.get(id);
  if (!key) {
    key = pbkdf2Sync(secret, salt, PBKDF2_ITERATIONS, KEY_LENGTH, 'sha512');
    derivedKeys.set(id, key);
  }
  return key;
}

function encryptionSalt(secret: Buffer): Buffer {
  const id = secret.toString('hex');
  let salt = encryptionSalts.get(id);
  if (!salt) {
    salt = randomBytes(SALT_LENGTH);
    encryptionSalts.set(id, salt);
  }
  return salt;
}

export function encryptWithSecret(secret: Buffer, data: string): string {
  const iv = randomBytes(IV_LENGTH);
  const salt = encryptionSalt(secret);
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
