/**
 * The modules a route file gets for `next/server`, `next/headers`,
 * `next/navigation` and `next/cache` (with or without `.js`), whether or not
 * `next` is installed: this package's own (lib/web/next/). The loader
 * (loading/module-loader.ts) may not import web/, so the table is made here.
 */
import * as cache from '../web/next/cache';
import * as headers from '../web/next/headers';
import * as navigation from '../web/next/navigation';
import * as server from '../web/next/server';

const modules: Record<string, unknown> = {
  'next/server': server,
  'next/headers': headers,
  'next/navigation': navigation,
  'next/cache': cache,
};

export const NEXT_MODULES: Readonly<Record<string, unknown>> = Object.freeze(
  Object.fromEntries(Object.entries(modules).flatMap(([name, module]) => [[name, module], [`${name}.js`, module]])),
);
