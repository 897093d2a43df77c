/**
 * Top-level `await` in route files and the local modules they import
 * (docs/design.md "Top-level await"). Next's bundler makes such a module
 * async and awaits it before its importers run; here the file's CommonJS body
 * is compiled as an async function, and the loader evaluates it — and waits
 * for it — before the module that imports it is evaluated (module-loader.ts).
 */

/** Cheap pre-check before the second compile: only a body that failed to parse and says `await` may be one. */
export const MAY_AWAIT = /\bawait\b/;

/**
 * A `require` reached a module with top-level await that has not finished
 * evaluating. While modules are being loaded (`atLoad`), the loader catches
 * it, evaluates that module, waits for it and evaluates the importer again
 * (its earlier imports are cached, so only its own statements before the
 * import run twice). At run time — a `require()` or `import()` in a handler,
 * or an import placed after an `await` — nothing can wait, so it is an error
 * saying what to write instead. Node's own code for `require()` of an async
 * ES module is the same.
 */
export class AwaitedModuleError extends Error {
  readonly code = 'ERR_REQUIRE_ASYNC_MODULE';
  readonly file: string;
  readonly atLoad: boolean;

  constructor(file: string, atLoad: boolean) {
    super(
      atLoad
        ? `${file} uses top-level await: it is evaluated, and awaited, before the module that imports it.`
        : `${file} uses top-level await and was required before it finished evaluating, by a require() or import() at run time ` +
            '(or an import placed after an `await`). Import it with a static `import` at the top of the route file, or of a module ' +
            'the route imports, so it is evaluated and awaited before the route runs.',
    );
    this.name = 'Error';
    this.file = file;
    this.atLoad = atLoad;
  }
}

export function isAwaitedModuleError(err: unknown): err is AwaitedModuleError {
  return err instanceof AwaitedModuleError;
}
