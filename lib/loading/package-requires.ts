/**
 * `next/server`, `next/headers`, `next/navigation` and `next/cache` for the
 * packages route files use. A route file's own imports of them go through the
 * loader's table (module-loader.ts `builtins`); a package in `node_modules`
 * (next-auth's App Router handler, @contentful/vercel-nextjs-toolkit) is
 * loaded by Node's `require`, and its `require('next/headers')` would get the
 * real `next` — whose `cookies()` knows nothing of our request scope — or
 * fail when `next` is not installed. So Node's `Module._load` is wrapped, once
 * per process, to hand out the same module objects for exactly those
 * specifiers (docs/design.md "next/* in packages").
 *
 * - Installed by the first mount (mount/route-registry.ts), never on import.
 * - One wrapper per process, whatever the number of copies of this package
 *   (a jest worker loads it once per test file): its state lives on `Module`
 *   under a registered symbol, and the last mount's table is the one handed
 *   out (every mount of one copy shares one table).
 * - The `next` package's own files and Next's build output (`.next/`) still
 *   get the real modules, for a process that also runs a Next server.
 * - `restorePackageRequires()` puts Node's function back.
 */
import Module from 'node:module';

type LoadFunction = (request: unknown, parent: { filename?: string | null } | null | undefined, isMain: boolean) => unknown;

interface HookState {
  original: LoadFunction;
  hook: LoadFunction;
  modules: Readonly<Record<string, unknown>> | undefined;
}

/** `Module._load` is Node's internal entry of every CommonJS `require`; not in @types/node. */
interface ModuleInternals {
  _load: LoadFunction;
  [STATE]?: HookState;
}

const STATE = Symbol.for('next-api-express.package-requires');

/** Files of the `next` package itself, or of a Next build. */
const NEXTS_OWN = /[\\/](?:node_modules[\\/]next|\.next)[\\/]/;

function internals(): ModuleInternals {
  return Module as unknown as ModuleInternals;
}

/** Makes every `require` of one of `modules`' specifiers in the process return that module (see above). */
export function givePackagesBuiltins(modules: Readonly<Record<string, unknown>>): void {
  const target = internals();
  const existing = target[STATE];
  if (existing) {
    // Ours is in place (maybe under someone else's wrapper): only the table changes.
    existing.modules = modules;
    return;
  }
  const original = target._load;
  const state: HookState = { original, hook: original, modules };
  state.hook = function loadWithNextModules(this: unknown, request, parent, isMain) {
    const table = state.modules;
    if (table !== undefined && typeof request === 'string' && Object.prototype.hasOwnProperty.call(table, request)) {
      const from = parent?.filename;
      if (typeof from !== 'string' || !NEXTS_OWN.test(from)) return table[request];
    }
    // `arguments`: Node passes more than three in some versions.
    return original.apply(this, arguments as unknown as Parameters<LoadFunction>);
  };
  target[STATE] = state;
  target._load = state.hook;
}

/** Puts Node's `Module._load` back (or, if something wrapped it after us, makes ours pass every call through). */
export function restorePackageRequires(): void {
  const target = internals();
  const state = target[STATE];
  if (!state) return;
  state.modules = undefined;
  if (target._load === state.hook) {
    target._load = state.original;
    delete target[STATE];
  }
}
