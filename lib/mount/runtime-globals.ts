/**
 * Globals `next start` gives route code on every Node version it supports
 * and Node 20 lacks (docs/design.md "Globals route code finds"):
 *
 * - `WebSocket` (Node 22 has it): Next defines it as a lazy getter for the
 *   `ws` package when the runtime has none, so route code (a client SDK
 *   opening a socket, Next's own app-routes test fixtures) finds it; the
 *   package is loaded on first read, and assigning `globalThis.WebSocket`
 *   replaces it, as under Next.
 * - `AsyncLocalStorage`, which Next also exposes on `globalThis`.
 *
 * Installed by the first mount or test helper, not at import time;
 * anything the host already has is left alone.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { givePackagesBuiltins } from '../loading/package-requires';
import { NEXT_MODULES } from './next-modules';

/**
 * What route code finds in a process that serves routes, for every entry
 * that runs route code (the registries of the mounts, `testRoute()`,
 * `testHandler()`): the globals below, and this package's `next/*` modules
 * for packages that require them themselves (next-auth:
 * loading/package-requires.ts).
 */
export function prepareRouteRuntime(): void {
  installRuntimeGlobals();
  givePackagesBuiltins(NEXT_MODULES);
}

let installed = false;

function installRuntimeGlobals(): void {
  if (installed) return;
  installed = true;
  const global = globalThis as { WebSocket?: unknown; AsyncLocalStorage?: unknown };
  if (typeof global.AsyncLocalStorage !== 'function') global.AsyncLocalStorage = AsyncLocalStorage;
  if (typeof global.WebSocket === 'function') return;
  Object.defineProperty(globalThis, 'WebSocket', {
    configurable: true,
    get: () => (require('ws') as { WebSocket: unknown }).WebSocket,
    set: (value: unknown) => Object.defineProperty(globalThis, 'WebSocket', { configurable: true, writable: true, value }),
  });
}
