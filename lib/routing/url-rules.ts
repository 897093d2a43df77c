/**
 * URL normalisation before routing (docs/next-behaviour.md §5): repeated slashes and
 * backslashes, dot segments (`.`, `..`, and their `%2e` spellings, as the
 * WHATWG URL parser resolves them), trailing slashes. Pure string work.
 */

/*
 * The two checks below run on every request and almost always answer no.
 * They are loops over the characters: on the short paths of API requests a
 * compiled loop costs less than two `includes` calls or a RegExp `test` (the
 * dot check's `/\/\.|%2e/i` took ~680 instructions per request through V8's
 * RegExp builtins; bench/README.md "Phase 7").
 */

export function hasRepeatedSlashes(path: string): boolean {
  let previousSlash = false;
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code === 0x5c /* \ */) return true;
    const slash = code === 0x2f; /* / */
    if (slash && previousSlash) return true;
    previousSlash = slash;
  }
  return false;
}

/** `\` → `/`, runs of `/` → one `/` (Next's normalizeRepeatedSlashes, path part only). */
export function collapseSlashes(path: string): string {
  return path.replace(/\\/g, '/').replace(/\/\/+/g, '/');
}

/** `/.` or `%2e` (any case) somewhere: a dot segment is possible. */
function mayHaveDotSegment(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code === 0x2f /* / */ && path.charCodeAt(i + 1) === 0x2e /* . */) return true;
    if (code === 0x25 /* % */ && path.charCodeAt(i + 1) === 0x32 /* 2 */ && (path.charCodeAt(i + 2) | 0x20) === 0x65 /* e, E */) return true;
  }
  return false;
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
