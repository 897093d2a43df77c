/**
 * A named import of something a builtin module (`next/server` and friends,
 * mount/next-modules.ts) does not export fails when the file loads, naming
 * the file, the module and the name — instead of an `undefined` that fails
 * later, on a request, far from the cause (docs/design.md "next/* modules").
 *
 * Read from the compiled CommonJS, so only the names the code really uses as
 * values count: sucrase turns `import { a } from 'next/server'` into
 * `var _server = require('next/server')` and every use of `a` into
 * `_server.a`; type-only imports are already gone, and a namespace import
 * (`import * as s`) is used through its own name, which is not checked.
 */

/** sucrase's line for an import: `var _server = require('next/server');` (it always writes single quotes). */
const IMPORT_LINE = /\bvar (_[\w$]*) = require\('([^']+)'\)/g;

function escapeForRegExp(text: string): string {
  return text.replace(/[$]/g, '\\$&');
}

function unknownExport(file: string, name: string, specifier: string, provided: object): TypeError {
  const names = Object.keys(provided).filter((key) => key !== 'default' && key !== '__esModule').sort();
  const message =
    `${file} imports \`${name}\` from '${specifier}', which next-api-express does not provide. ` +
    `Its '${specifier}' exports ${names.map((n) => `\`${n}\``).join(', ')}.`;
  // No stack: the loader's frames say nothing about the user's file.
  return Object.assign(new TypeError(message), { code: 'ERR_UNKNOWN_NEXT_EXPORT', stack: `TypeError: ${message}` });
}

/** Throws a `TypeError` naming `file`, the module and the name when `code` uses a name a builtin does not export. */
export function checkBuiltinImports(code: string, file: string, builtins: Readonly<Record<string, unknown>>): void {
  if (!code.includes(' = require(\'')) return;
  for (const [, binding, specifier] of code.matchAll(IMPORT_LINE)) {
    if (!Object.prototype.hasOwnProperty.call(builtins, specifier)) continue;
    const provided = builtins[specifier];
    if (typeof provided !== 'object' || provided === null) continue;
    const name = escapeForRegExp(binding);
    // `_server.a` (a use) and `_createNamedExportFrom(_server, 'b', 'a')` (`export { a as b } from`).
    const uses = new RegExp(`(?<![\\w$.])${name}\\.([\\w$]+)|_createNamedExportFrom\\(${name}, '[^']*', '([^']+)'\\)`, 'g');
    for (const [, used, reexported] of code.matchAll(uses)) {
      const imported = used ?? reexported;
      if (imported === 'default' || imported in provided) continue;
      throw unknownExport(file, imported, specifier, provided);
    }
  }
}
