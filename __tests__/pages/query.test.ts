// Unit test of a pure part: the query-string parser and its merge with route params.
import { buildQuery } from '../../lib/pages/query';

describe('buildQuery (docs/next-behaviour.md §6)', () => {
  const table: Array<[string, string, Record<string, string | string[]>, Record<string, string | string[]>]> = [
    ['empty', '', {}, {}],
    ['docs/next-behaviour.md §17 item 30', 'a=1&a=2&b=&c&d=x+y&e=%20z&f=%ZZ&g[]=1&h.i=2', {}, { a: ['1', '2'], b: '', c: '', d: 'x y', e: ' z', f: '%ZZ', 'g[]': '1', 'h.i': '2' }],
    ['plus vs %2B', 'a=%2B&b=+', {}, { a: '+', b: ' ' }],
    ['invalid UTF-8', 'x=%FF&y=%E0%A4%A', {}, { x: '\uFFFD', y: '\uFFFD%A' }],
    ['empty key, double =', '=v&a==b', {}, { '': 'v', a: '=b' }],
    ['semicolon is not a separator', 'a=1;b=2', {}, { a: '1;b=2' }],
    ['encoded key, case-sensitive', '%61=1&A=2', {}, { a: '1', A: '2' }],
    ['three repeats', 'k=1&k=2&k=3', {}, { k: ['1', '2', '3'] }],
    ['param wins', 'id=99&x=1', { id: '42' }, { id: '42', x: '1' }],
    ['param wins over repeats', 'id=1&id=2', { id: '42' }, { id: '42' }],
    ['catch-all param wins', 'slug=zzz&k=v', { slug: ['a'] }, { slug: ['a'], k: 'v' }],
    ['optional catch-all with no key lets the query through', 'slug=q', {}, { slug: 'q' }],
    ['nothing to decode: one leading ? dropped, as URLSearchParams drops it', '?a=1&?b=2', {}, { a: '1', '?b': '2' }],
    ['nothing to decode: empty pieces skipped, empty names kept', '&&a&=&b=1&=x&', {}, { a: '', '': ['', 'x'], b: '1' }],
    ['nothing to decode: Latin-1 characters as they came', '\u00e9=\u00ff&x=a=b', {}, { '\u00e9': '\u00ff', x: 'a=b' }],
    ['Next-internal nxtP*/nxtI* keys are dropped, bare prefixes kept', 'nxtPslug=1&nxtIx=2&keep=3&nxtP=4&nxtI=5&nxtp=6', {}, { keep: '3', nxtP: '4', nxtI: '5', nxtp: '6' }],
  ];
  it.each(table)('%s', (_name, search, params, expected) => {
    expect(buildQuery(search, params)).toEqual(expected);
  });

  // Without `%` or `+` the string is parsed by hand; a `%` or `+` met part-way
  // through throws away what was parsed and goes to URLSearchParams.
  it('any query string, with or without something to decode, gives what URLSearchParams gives', () => {
    const pieces = ['a', 'b', '=', '&', '&', '==', '\u00e9', '?', ';', '/', ' ', 'nxtPa', 'nxtP', '__proto__', 'constructor', '%41', '+', '%', 'a'];
    let seed = 7;
    // The high bits of a 31-bit LCG: its low bits repeat with short periods.
    const random = (n: number): number => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    for (let i = 0; i < 3000; i++) {
      let search = '';
      for (let j = random(9); j > 0; j--) search += pieces[random(pieces.length)];
      const expected: Array<[string, string]> = [];
      for (const [key, value] of new URLSearchParams(search)) {
        if (key !== '__proto__' && !(key.length > 4 && (key.startsWith('nxtP') || key.startsWith('nxtI')))) expected.push([key, value]);
      }
      const grouped = new Map<string, string[]>();
      for (const [key, value] of expected) grouped.set(key, [...(grouped.get(key) ?? []), value]);
      const want = [...grouped].map(([key, values]) => [key, values.length === 1 ? values[0] : values]);
      expect([search, Object.entries(buildQuery(search, {}))]).toEqual([search, want]);
    }
  });

  it('orders keys: query keys by first appearance, then new params', () => {
    expect(JSON.stringify(buildQuery('x=1&x=2', { id: '42' }))).toBe('{"x":["1","2"],"id":"42"}');
    expect(Object.keys(buildQuery('b=1&a=2&b=3', { c: '1', a: 'p' }))).toEqual(['b', 'a', 'c']);
  });

  it('treats Object.prototype names as ordinary own keys and never touches a prototype', () => {
    const q = buildQuery('toString=1&constructor=2&hasOwnProperty=3&valueOf=6', {});
    expect(JSON.stringify(q)).toBe('{"toString":"1","constructor":"2","hasOwnProperty":"3","valueOf":"6"}');
    expect(Object.getPrototypeOf(q)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('drops __proto__ from the query string, as Next does (a naive deep merge of req.query then pollutes nothing)', () => {
    const q = buildQuery('a=1&__proto__=4&__proto__=5&__proto__[x]=6', {});
    expect(JSON.stringify(q)).toBe('{"a":"1","__proto__[x]":"6"}');
    expect(Object.prototype.hasOwnProperty.call(q, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(q)).toBe(Object.prototype);
  });

  it('a __proto__ route param is an own key too', () => {
    const params: Record<string, string> = {};
    Object.defineProperty(params, '__proto__', { value: 'p', enumerable: true, writable: true, configurable: true });
    const q2 = buildQuery('a=1', params);
    expect(JSON.stringify(q2)).toBe('{"a":"1","__proto__":"p"}');
    expect(Object.getPrototypeOf(q2)).toBe(Object.prototype);
  });

  it('returns a fresh object each time', () => {
    expect(buildQuery('', {})).not.toBe(buildQuery('', {}));
  });
});
