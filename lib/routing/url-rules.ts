/**
 * URL normalisation before routing (docs/next-behaviour.md §5): repeated slashes and
 * backslashes, dot segments (`.`, `..`, and their `%2e` spellings, as the
 * WHATWG URL parser resolves them), trailing slashes. Pure string work.
 */

export function hasRepeatedSlashes(path: string): boolean {
  return path.includes('//') || path.includes('\\');
}

/** `\` → `/`, runs of `/` → one `/` (Next's normalizeRepeatedSlashes, path part only). */
export function collapseSlashes(path: string): string {
  return path.replace(/\\/g, '/').replace(/\/\/+/g, '/');
}

const DOT_SEGMENT_ESCAPE = /%2e/i;

/**
 * `/.` or `%2e` (any case) somewhere: a dot segment is possible. Asked with
 * `includes` first, which almost always answers: the RegExp alone took ~680
 * instructions per request through V8's RegExp builtins (bench/README.md "Phase 7").
 */
function mayHaveDotSegment(path: string): boolean {
  return path.includes('/.') || (path.includes('%') && DOT_SEGMENT_ESCAPE.test(path));
}

function isSingleDot(segment: string): boolean {
  return segment === '.' || segment.toLowerCase() === '%2e';
}

function isDoubleDot(segment: string): boolean {
  if (segment.length < 2 || segment.length > 6) return false;
  const lower = segment.toLowerCase();
  return lower === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e';
}

/**
 * Resolves dot segments of a path that starts with `/` (or is empty).
 * Returns the path unchanged when it has none, `undefined` when `..` climbs
 * above the start (out of this mount). A path ending in a dot segment keeps a
 * trailing slash, as WHATWG URL parsing does (`/a/b/..` → `/a/`).
 */
export function resolveDotSegments(path: string): string | undefined {
  if (!mayHaveDotSegment(path)) return path;
  const input = path.split('/').slice(1);
  const output: string[] = [];
  let changed = false;
  for (let i = 0; i < input.length; i++) {
    const segment = input[i];
    const last = i === input.length - 1;
    if (isSingleDot(segment)) {
      changed = true;
      if (last) output.push('');
    } else if (isDoubleDot(segment)) {
      changed = true;
      if (output.length === 0) return undefined;
      output.pop();
      if (last) output.push('');
    } else {
      output.push(segment);
    }
  }
  return changed ? '/' + output.join('/') : path;
}
