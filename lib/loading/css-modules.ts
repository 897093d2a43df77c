/**
 * The exports of a CSS module (`x.module.css`) as Next's CSS loader makes
 * them: every local class name in a selector, and every local `@keyframes`
 * name, mapped to a generated name, in order of first appearance. Route code
 * imports the map (`styles.button`), usually to send class names to a client.
 *
 * Only the names are needed here, never the rules, so this is a scanner, not
 * a CSS parser: it walks the text once, tells rule preludes (text ending in
 * `{`) from declarations (ending in `;` or `}`), and ignores comments,
 * strings, `url(...)`, attribute selectors and anything under `:global`.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';

/** At-rules whose block holds declarations or keyframe selectors, never class selectors. */
const OPAQUE_AT_RULES = new Set(['font-face', 'page', 'property', 'counter-style', 'font-feature-values', 'font-palette-values', 'view-transition']);
const KEYFRAMES = /^(?:-[a-z]+-)?keyframes$/;

/** An identifier, CSS escapes included (`.sm\:flex` is the class `sm:flex`). */
const IDENT = /^-?(?:[A-Za-z_\u0080-\uFFFF]|\\(?:[0-9a-fA-F]{1,6}\s?|[\s\S]))(?:[\w\u0080-\uFFFF-]|\\(?:[0-9a-fA-F]{1,6}\s?|[\s\S]))*/;

/** CSS escapes resolved: `\3A ` (hex, one optional space after) and `\:` are both `:`. */
function unescapeIdent(text: string): string {
  return text.replace(/\\(?:([0-9a-fA-F]{1,6})\s?|([\s\S]))/g, (_, hex: string | undefined, char: string | undefined) =>
    hex === undefined ? (char as string) : String.fromCodePoint(parseInt(hex, 16)),
  );
}

/** Index just after the `)` matching the `(` at `open`, skipping strings. */
function skipParens(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") i = skipString(text, i) - 1;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Index just after the string that starts at `open`. */
function skipString(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  return text.length;
}

/**
 * Local class names of one selector list. `:global(...)` is skipped,
 * `:global` alone makes the rest of that selector global, `:local(...)` and
 * `:local` switch back, as in CSS Modules.
 */
function classesOfSelector(selector: string, found: (name: string) => void): void {
  let global = false;
  for (let i = 0; i < selector.length; ) {
    const ch = selector[i];
    if (ch === ',') {
      global = false;
      i++;
    } else if (ch === '"' || ch === "'") {
      i = skipString(selector, i);
    } else if (ch === '[') {
      const close = selector.indexOf(']', i);
      i = close === -1 ? selector.length : close + 1;
    } else if (selector.startsWith(':global(', i)) {
      i = skipParens(selector, i + ':global'.length);
    } else if (selector.startsWith(':global', i)) {
      global = true;
      i += ':global'.length;
    } else if (selector.startsWith(':local(', i)) {
      const end = skipParens(selector, i + ':local'.length);
      classesOfSelector(selector.slice(i + ':local('.length, end - 1), found);
      i = end;
    } else if (selector.startsWith(':local', i)) {
      global = false;
      i += ':local'.length;
    } else if (ch === '.') {
      const ident = IDENT.exec(selector.slice(i + 1));
      if (ident && !global) found(unescapeIdent(ident[0]));
      i += 1 + (ident ? ident[0].length : 0);
    } else if (ch === '\\') {
      i += 2;
    } else {
      i++;
    }
  }
}

/** The local names of a CSS module's source, in order of first appearance. */
export function cssModuleLocalNames(source: string): string[] {
  const names = new Set<string>();
  const found = (name: string): void => void names.add(name);
  const css = source.replace(/\/\*[\s\S]*?\*\//g, ' ');
  // One entry per open block: whether class selectors can appear inside it.
  const blocks: boolean[] = [];
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    const ch = css[i];
    if (ch === '"' || ch === "'") {
      i = skipString(css, i) - 1;
    } else if (ch === '(') {
      i = skipParens(css, i) - 1;
    } else if (ch === ';') {
      start = i + 1;
    } else if (ch === '}') {
      blocks.pop();
      start = i + 1;
    } else if (ch === '{') {
      const prelude = css.slice(start, i).trim();
      start = i + 1;
      const inside = blocks.length === 0 || blocks[blocks.length - 1];
      if (!inside) {
        blocks.push(false);
      } else if (prelude.startsWith('@')) {
        const [, name = '', rest = ''] = /^@([\w-]+)\s*([\s\S]*)$/.exec(prelude) ?? [];
        if (KEYFRAMES.test(name)) {
          const keyframes = IDENT.exec(rest.trim().replace(/^:local\((.*)\)$/, '$1'));
          if (keyframes && !rest.trim().startsWith(':global')) found(unescapeIdent(keyframes[0]));
          blocks.push(false);
        } else {
          blocks.push(!OPAQUE_AT_RULES.has(name));
        }
      } else {
        classesOfSelector(prelude, found);
        blocks.push(true);
      }
    }
  }
  return [...names];
}

/**
 * `<file name>_<local name>__<5 characters>`, the shape of Next's development
 * names. The hash is of the file's path and the local name: stable across
 * loads and processes, different for the same class in another module.
 */
export function cssModuleClassNames(source: string, file: string): Record<string, string> {
  const prefix = basename(file).replace(/\.module\.css$/i, '');
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const local of cssModuleLocalNames(source)) {
    const hash = createHash('sha256').update(file).update('\0').update(local).digest('base64url').slice(0, 5);
    map[local] = `${prefix}_${local}__${hash}`;
  }
  return map;
}
