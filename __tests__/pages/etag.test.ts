// Unit tests of a pure part: the ETag hash (FNV-1a folded to 52 bits, base 36) and the
// freshness check behind the 304, against the vectors Next 16.4.6 produced.
import { fnv1a52, generateETag, toBase36 } from '../../lib/pages/etag';
import { isFresh } from '../../lib/pages/fresh';

/** Reference implementation with BigInt, straight from the spec's description (§10.4). */
function referenceFnv1a52(str: string): number {
  const mask64 = (1n << 64n) - 1n;
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < str.length; i++) {
    h ^= BigInt(str.charCodeAt(i));
    h = (h * 0x100000001b3n) & mask64;
  }
  const top = Number(h >> 48n);
  const low48 = Number(h & ((1n << 48n) - 1n));
  const folded = (top & 0xf) * 2 ** 48 + low48;
  return folded - (low48 & 0xffff) + ((low48 & 0xffff) ^ (top >> 4));
}

describe('generateETag (docs/next-behaviour.md §10.4 vectors, next@16.4.6)', () => {
  const vectors: Array<[string, string]> = [
    ['hello', '"2caikvdqo85"'],
    ['', '"78p3gz236i0"'],
    ['{"a":1}', '"147uiiad94i7"'],
    ['"str"', '"vb9525rpm95"'],
    ['42', '"145yod55ra52"'],
    ['true', '"ywwejgvrps4"'],
    ['false', '"u64e2dhd7r5"'],
    ['0', '"a6v68shvmh1"'],
    ['null', '"wm6yxsynvh4"'],
    ['[1,"x"]', '"4h92ao9iq27"'],
    ['etag body', '"blxh5393019"'],
    ['created', '"1m3x7ngbtt7"'],
    ['x', '"ayxe2glzap1"'],
    ['ok', '"109abcqmas2"'],
    ['sent', '"1814lxz7qcu4"'],
    ['héllo ✓', '"f17ldr2zvl7"'],
    [JSON.stringify(Buffer.from('buf!')), '"17a2y0tgwsp14"'],
    ['body-for-HEAD', '"8ssg2bhjr0d"'],
  ];
  it.each(vectors)('%j -> %s', (payload, etag) => {
    expect(generateETag(payload)).toBe(etag);
  });

  it('is strong and ends with the UTF-16 length in base 36', () => {
    const payload = 'a'.repeat(1295) + '😀'; // 1297 code units = "101" in base 36
    const etag = generateETag(payload);
    expect(etag.startsWith('"')).toBe(true);
    expect(etag.endsWith('101"')).toBe(true);
  });

  it('matches a BigInt FNV-1a reference on assorted strings (surrogates, high code units)', () => {
    const samples = ['', 'a', '\uffff\u0000\uffff', '😀🎉', 'x'.repeat(10_000), 'ünïcödé ✓ \ud800', JSON.stringify({ deep: [1, { a: 'b' }] })];
    let seed = 7;
    for (let n = 0; n < 200; n++) {
      let s = '';
      const len = n % 37;
      for (let i = 0; i < len; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        s += String.fromCharCode(seed % 0x10000);
      }
      samples.push(s);
    }
    for (const s of samples) {
      const value = fnv1a52(s);
      expect(Number.isSafeInteger(value)).toBe(true);
      expect(value).toBeLessThan(2 ** 52);
      expect(value).toBe(referenceFnv1a52(s));
    }
  });
});

describe('toBase36: Number#toString(36) without its slow path for large doubles', () => {
  it('agrees with toString(36) at every boundary of its split and across the 52-bit range', () => {
    const five = 36 ** 5;
    const edges = [0, 1, 35, 36, five - 1, five, five + 1, five * 36, five * five - 1, five * five, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 52 - 1, 2 ** 52 - 2, 2 ** 53 - 1];
    for (let k = 1; k < 2 ** 27; k = k * 3 + 1) edges.push(k * five - 1, k * five, k * five + 1);
    let seed = 11;
    for (let n = 0; n < 20_000; n++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      edges.push(Math.floor((seed / 2147483648) * 2 ** 52), seed);
    }
    for (const n of edges) expect([n, toBase36(n)]).toEqual([n, n.toString(36)]);
  });
});

describe('isFresh (Next bundled-fresh semantics, docs/next-behaviour.md §10.4)', () => {
  const etag = '"blxh5393019"';
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ['no conditional headers', {}, false],
    ['exact match', { 'if-none-match': etag }, true],
    ['weak form of the tag', { 'if-none-match': `W/${etag}` }, true],
    ['match inside a list', { 'if-none-match': `"zzz", ${etag}` }, true],
    ['list without spaces', { 'if-none-match': `"zzz",${etag}` }, true],
    ['star', { 'if-none-match': '*' }, true],
    ['no match', { 'if-none-match': '"nope"' }, false],
    ['match + no-cache', { 'if-none-match': etag, 'cache-control': 'no-cache' }, false],
    ['match + no-cache among others', { 'if-none-match': etag, 'cache-control': 'max-age=0, no-cache' }, false],
    ['match + other cache-control', { 'if-none-match': etag, 'cache-control': 'max-age=0' }, true],
    ['match + If-Modified-Since', { 'if-none-match': etag, 'if-modified-since': 'Thu, 01 Jan 2099 00:00:00 GMT' }, false],
    ['star + If-Modified-Since', { 'if-none-match': '*', 'if-modified-since': 'Thu, 01 Jan 2099 00:00:00 GMT' }, false],
    ['If-Modified-Since alone', { 'if-modified-since': 'Thu, 01 Jan 2099 00:00:00 GMT' }, false],
  ];
  it.each(cases)('%s', (_name, headers, expected) => {
    expect(isFresh(headers, etag)).toBe(expected);
  });
});
