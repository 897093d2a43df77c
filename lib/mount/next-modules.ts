/**
 * The modules a route file gets for `next/server`, `next/headers`,
 * `next/navigation` and `next/cache` (with or without `.js`), whether or not
 * `next` is installed: this package's own (lib/web/next/). The loader
 * (loading/module-loader.ts) may not import web/, so the table is made here.
 *
 * Each entry is a getter that requires its module on first use: those
 * modules define classes that extend the Fetch `Request`/`Response`/`Headers`,
 * and the first touch of those globals makes Node 20 load undici (~35 ms of
 * start-up, more under load). A Pages-only app whose routes never import
 * `next/server` never pays it (docs/design.md "Rules that keep it fast").
 */
type ModuleLoader = () => unknown;

const loaders: Record<string, ModuleLoader> = {
  'next/server': () => require('../web/next/server'),
  'next/headers': () => require('../web/next/headers'),
  'next/navigation': () => require('../web/next/navigation'),
  'next/cache': () => require('../web/next/cache'),
};

function lazyTable(table: Record<string, ModuleLoader>): Readonly<Record<string, unknown>> {
  const modules: Record<string, unknown> = {};
  for (const [name, load] of Object.entries(table)) {
    let loaded: unknown;
    const get = (): unknown => (loaded ??= load());
    for (const specifier of [name, `${name}.js`]) Object.defineProperty(modules, specifier, { enumerable: true, get });
  }
  return Object.freeze(modules);
}

export const NEXT_MODULES: Readonly<Record<string, unknown>> = lazyTable(loaders);
