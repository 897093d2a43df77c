// The two URL checks that run on every request (lib/routing/url-rules.ts) ask
// cheap questions first (the dot-segment check a RegExp only after `%`); here
// they are held to their plain definitions, and to the WHATWG URL parser, over
// many random paths made of the characters they look for.
import { hasRepeatedSlashes, resolveDotSegments } from '../../lib/routing/url-rules';

const PIECES = ['/', '/', '.', '..', '%2e', '%2E', '%2', '%', 'e', '2', 'a', '\\', '/.', '%2e%2E'];

function randomPaths(count: number): string[] {
  let seed = 3;
  // The high bits of a 31-bit LCG: its low bits repeat with short periods.
  const random = (n: number): number => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    let path = '/';
    for (let j = random(8); j > 0; j--) path += PIECES[random(PIECES.length)];
    paths.push(path);
  }
  return paths;
}

describe('URL rules (docs/next-behaviour.md §5)', () => {
  it('hasRepeatedSlashes is "contains // or a backslash"', () => {
    for (const path of [...randomPaths(5000), '', '/', '//', '\\', 'a/b', 'a//b', '/a/']) {
      expect([path, hasRepeatedSlashes(path)]).toEqual([path, path.includes('//') || path.includes('\\')]);
    }
  });

  it('resolveDotSegments resolves what the WHATWG URL parser resolves, and leaves other paths as they are', () => {
    for (const path of randomPaths(5000)) {
      if (hasRepeatedSlashes(path)) continue; // collapsed before this step (decide.ts)
      const resolved = resolveDotSegments(path);
      if (!/\/\.|%2e/i.test(path)) {
        expect([path, resolved]).toEqual([path, path]);
        continue;
      }
      const byUrl = new URL(path, 'http://host').pathname;
      // Climbing above the start leaves the mount: no path (the URL parser stops at the root instead).
      if (resolved === undefined) expect(byUrl.length).toBeLessThanOrEqual(path.length);
      else expect([path, resolved]).toEqual([path, byUrl]);
    }
  });
});
