/**
 * Next's ETag for API responses (docs/next-behaviour.md §10.4): a strong validator built from a
 * 52-bit FNV-1a hash of the serialised body plus the body's length, both in
 * base 36. Byte-exact with Next so caches and `If-None-Match` values carry over
 * between a Next deployment and this middleware.
 */

/*
 * FNV-1a 64-bit: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
 * Next XORs in each UTF-16 code unit (not each UTF-8 byte), so we do too.
 *
 * The 64-bit state lives in four 16-bit limbs (l0 lowest .. l3 highest) held in
 * ordinary numbers: every intermediate product stays below 2^53, so there is no
 * BigInt allocation per character on this hot path (every `res.send`).
 *
 * Multiplying by the prime = state * 0x1b3 + (state << 40). A shift by 40 bits
 * is two whole limbs plus 8 bits, so `l0 << 8` lands in limb 2 and `l1 << 8` in
 * limb 3 (anything above bit 63 is discarded by the final masks).
 */
const PRIME_LOW = 0x1b3;
const OFFSET_L0 = 0x2325;
const OFFSET_L1 = 0x8422;
const OFFSET_L2 = 0x9ce4;
const OFFSET_L3 = 0xcbf2;
const TWO_POW_16 = 0x10000;
const TWO_POW_32 = 0x100000000;
const TWO_POW_48 = 0x1000000000000;

/**
 * FNV-1a over UTF-16 code units, folded to 52 bits the way Next does it: keep
 * the low 48 bits, put the low 4 bits of the top limb in bits 48-51, and XOR
 * the top limb's remaining 12 bits into the lowest limb. The result is a safe
 * integer, so `toString(36)` is exact.
 */
export function fnv1a52(str: string): number {
  let l0 = OFFSET_L0;
  let l1 = OFFSET_L1;
  let l2 = OFFSET_L2;
  let l3 = OFFSET_L3;
  for (let i = 0, n = str.length; i < n; i++) {
    l0 ^= str.charCodeAt(i);
    // Products of a 16-bit limb and 0x1b3 fit in 25 bits; carries are added limb by limb.
    const p0 = l0 * PRIME_LOW;
    const p1 = l1 * PRIME_LOW + (p0 >>> 16);
    const p2 = l2 * PRIME_LOW + (l0 << 8) + (p1 >>> 16);
    const p3 = l3 * PRIME_LOW + (l1 << 8) + (p2 >>> 16);
    l0 = p0 & 0xffff;
    l1 = p1 & 0xffff;
    l2 = p2 & 0xffff;
    l3 = p3 & 0xffff;
  }
  return (l3 & 0xf) * TWO_POW_48 + l2 * TWO_POW_32 + l1 * TWO_POW_16 + (l0 ^ (l3 >> 4));
}

/** 36^5: five base-36 digits; any hash divided by it leaves a quotient below 2^27. */
const FIVE_DIGITS = 60466176;

/**
 * `n.toString(36)` for a safe non-negative integer, as two small integers.
 * V8 writes a double above 2^31 in another radix through `fmod`, one digit at
 * a time: 747 ns for a 52-bit hash against 50 ns this way (measured on Node
 * 20; bench/README.md "Phase 7"), on every JSON answer. The quotient is
 * corrected by one where the floating division rounded across an integer.
 */
export function toBase36(n: number): string {
  if (n < FIVE_DIGITS) return n.toString(36);
  let high = Math.floor(n / FIVE_DIGITS);
  let low = n - high * FIVE_DIGITS;
  if (low < 0) {
    high--;
    low += FIVE_DIGITS;
  } else if (low >= FIVE_DIGITS) {
    high++;
    low -= FIVE_DIGITS;
  }
  const lowDigits = low.toString(36);
  return high.toString(36) + '00000'.slice(lowDigits.length) + lowDigits;
}

/**
 * `"` + base36(hash) + base36(length in UTF-16 code units) + `"`. Always strong:
 * Next never emits `W/` for API routes (docs/next-behaviour.md §10.4).
 */
export function generateETag(payload: string): string {
  return '"' + toBase36(fnv1a52(payload)) + payload.length.toString(36) + '"';
}
