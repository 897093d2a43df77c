/**
 * Runs route files and the local modules they import, in plain Node with no
 * flags and inside any test runner (jest's module registry, vitest, node
 * --test): each local file is compiled to CommonJS and evaluated here, with a
 * `require` that sends local specifiers back to this loader and everything
 * else (packages, builtins) to Node's own `require`.
 *
 * The cache is this loader's own, so watch mode can drop a file and whatever
 * imported it without touching Node's `require.cache`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileFunction } from 'node:vm';
import { DEFAULT_IMAGE_PUBLIC_PATH } from '../options';
import { assetExports, isAsset, unsupportedImport, type AssetOptions } from './asset-modules';
import { checkBuiltinImports } from './builtin-imports';
import { ImportResolver } from './import-resolver';
import { IMPORT_META, SOURCE_EXTENSIONS, toCommonJs } from './compile';
import type { CompileCache } from './compile-cache';
import { AwaitedModuleError, isAwaitedModuleError, MAY_AWAIT } from './top-level-await';

interface LoadedModule {
  id: string;
  filename: string;
  exports: unknown;
  loaded: boolean;
  children: LoadedModule[];
  paths: string[];
  require: NodeJS.Require;
}

const WRAPPER_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname', IMPORT_META];

/** What `import.meta` is in a route file or a local module (compile.ts `IMPORT_META`): Node's fields for an ES module. */
function importMetaOf(file: string): { url: string; filename: string; dirname: string } {
  return { url: pathToFileURL(file).href, filename: file, dirname: dirname(file) };
}

/** A module's body; one with top-level await is an async function (returns a promise). */
type ModuleFunction = (
  exports: unknown,
  require: NodeJS.Require,
  module: LoadedModule,
  filename: string,
  dirname: string,
  importMeta: ReturnType<typeof importMetaOf> | undefined,
) => unknown;

interface CompiledModule {
  run: ModuleFunction;
  /** Top-level await: `run` returns the promise of the body's end. */
  async: boolean;
  /** The body says `import.meta`: it gets an object for it. */
  importMeta: boolean;
}

function evaluateWrapper(code: string, file: string, kind: '' | 'async '): ModuleFunction {
  const source = `(${kind}function (${WRAPPER_PARAMS.join(', ')}) {${code}\n})\n//# sourceURL=${file}`;
  const indirectEval = globalThis.eval;
  return indirectEval(source) as ModuleFunction;
}

/**
 * Compiles a CommonJS body in this library's own JavaScript realm. Under a
 * test runner that sandboxes modules (jest), that is the test's realm, so
 * handlers share its globals (`Object.prototype`, fake timers) as they would
 * share them in production, where there is one realm. `vm.compileFunction`
 * would use Node's main realm instead. The wrapper sits on line 1, so line
 * numbers in stack traces are the file's own; `sourceURL` names the file.
 */
function compileModule(code: string, file: string): CompiledModule {
  try {
    return { run: evaluateWrapper(code, file, ''), async: false, importMeta: code.includes(IMPORT_META) };
  } catch (err) {
    if (err instanceof SyntaxError || (err as Error)?.name === 'SyntaxError') {
      // Top-level await (docs/design.md "Top-level await"): only a body that does
      // not parse as a plain function is tried again as an async one.
      if (MAY_AWAIT.test(code)) {
        try {
          return { run: evaluateWrapper(code, file, 'async '), async: true, importMeta: code.includes(IMPORT_META) };
        } catch {
          // Not that: report the first error.
        }
      }
      // eval's SyntaxError has no position; Node's compiler says file:line and shows the line.
      compileFunction(code, WRAPPER_PARAMS, { filename: file });
    }
    throw err;
  }
}

/**
 * Node's `require` for a package or builtin. One `require` serves a whole
 * folder (made for the folder's first file), so Node's "Cannot find module"
 * would name that file in its require stack: it is made to name `file`, the
 * one whose import failed. A module missing further down (a package's own
 * dependency) keeps Node's stack.
 */
function requirePackage(nodeRequire: NodeJS.Require, specifier: string, file: string): unknown {
  try {
    return nodeRequire(specifier);
  } catch (err) {
    // Duck-typed: a test runner's require throws errors of another realm.
    const missing = err as (Error & { code?: unknown }) | null;
    if (typeof missing === 'object' && missing !== null && missing.code === 'MODULE_NOT_FOUND' && typeof missing.message === 'string') nameImporter(missing, specifier, file);
    throw err;
  }
}

/**
 * Node says `Cannot find module 'x'\nRequire stack:\n- <file>` (and keeps
 * the stack in `requireStack`); a test runner's require (jest) says
 * `Cannot find module 'x' from '<file>'`. Either way `<file>` becomes the
 * importer, when the module missing is the one it asked for.
 */
function nameImporter(err: Error & { requireStack?: unknown }, specifier: string, file: string): void {
  const prefix = `Cannot find module '${specifier}'`;
  if (!err.message.startsWith(prefix)) return;
  const fix = (text: string): string =>
    text.replace(/^(Cannot find module '[^']*')(\nRequire stack:\n- [^\n]*| from '[^']*')/m, (_all, head: string, tail: string) =>
      tail.startsWith('\n') ? `${head}\nRequire stack:\n- ${file}` : `${head} from '${file}'`,
    );
  err.message = fix(err.message);
  if (err.stack) err.stack = fix(err.stack);
  if (Array.isArray(err.requireStack) && err.requireStack.length > 0) err.requireStack = [file, ...err.requireStack.slice(1)];
}

/** Source (an extensionless file is JavaScript, as for Node), JSON, or an asset. */
function isLoadable(file: string): boolean {
  const ext = extname(file);
  return ext === '' || SOURCE_EXTENSIONS.has(ext) || ext === '.json' || isAsset(file);
}

function isInNodeModules(file: string): boolean {
  return file.includes('/node_modules/') || file.includes('\\node_modules\\');
}

export interface ModuleLoaderOptions {
  onLoad?: (file: string) => void;
  assets?: AssetOptions;
  builtins?: Readonly<Record<string, unknown>>;
  compileCache?: CompileCache;
}

export class ModuleLoader {
  private readonly onLoad: ((file: string) => void) | undefined;
  private readonly assets: AssetOptions;
  private readonly builtins: Readonly<Record<string, unknown>>;
  private readonly compileCache: CompileCache | undefined;
  private readonly cache = new Map<string, LoadedModule>();
  /** file → files that imported it, so an edit can invalidate its importers too. */
  private readonly importers = new Map<string, Set<string>>();
  private readonly resolver = new ImportResolver();
  /**
   * Node's `require` for packages, one per folder: it resolves from the folder,
   * so every file in it can share one (making one per file was a tenth of a
   * warm start of 1,000 routes).
   */
  private readonly nodeRequires = new Map<string, { require: NodeJS.Require; paths: string[] }>();
  /** Compiled bodies with top-level await, not evaluated yet (top-level-await.ts). */
  private readonly asyncBodies = new Map<string, ModuleFunction>();
  /** Evaluations of such bodies in progress, shared by every load waiting for one. */
  private readonly evaluations = new Map<string, Promise<void>>();
  /** An evaluation waiting for another one (to refuse a cycle of them). */
  private readonly waitingFor = new Map<string, string>();
  /** Async bodies running their synchronous first part now (an import cycle back into one gets its partial exports). */
  private readonly runningSync = new Set<string>();
  /**
   * How many `load`s, and first parts of async bodies, are on the stack: a
   * `require` outside all of them (in a handler, after an `await`) is at run time.
   */
  private depth = 0;

  /**
   * `onLoad` hears of every file evaluated (watch mode watches their folders).
   * `builtins` maps specifiers (`next/server`, ...) to the modules a route file
   * gets for them, whether or not a package of that name is installed.
   * `compileCache`, when given, keeps compiled files on disk between starts.
   */
  constructor(options: ModuleLoaderOptions = {}) {
    this.onLoad = options.onLoad;
    this.assets = options.assets ?? { imagePublicPath: DEFAULT_IMAGE_PUBLIC_PATH };
    this.builtins = options.builtins ?? {};
    this.compileCache = options.compileCache;
  }

  /**
   * Evaluates `file` (once) and returns its `module.exports`. Throws an
   * `AwaitedModuleError` (`atLoad`) when the file, or a local module it
   * imports, has top-level await and has not been evaluated yet: `loadAsync`.
   */
  load(file: string): unknown {
    this.depth++;
    try {
      return this.loadModule(file).exports;
    } finally {
      this.depth--;
    }
  }

  /**
   * `load`, for a file whose import graph has top-level await: each such
   * module is evaluated and awaited before the module importing it is
   * evaluated again (docs/design.md "Top-level await").
   */
  async loadAsync(file: string): Promise<unknown> {
    for (;;) {
      try {
        return this.load(file);
      } catch (err) {
        if (!isAwaitedModuleError(err) || !err.atLoad) throw err;
        await this.evaluateAsync(err.file, undefined);
      }
    }
  }

  /**
   * Forgets `file` and every module that imported it, directly or not.
   * Returns `file` if it was loaded, and all its importers: a module that
   * failed to load is not cached, but its importers (which failed with it, or
   * kept serving an older version) are still followed, so fixing it reloads them.
   */
  invalidate(file: string): string[] {
    this.asyncBodies.delete(file);
    const dropped: string[] = this.cache.delete(file) ? [file] : [];
    const seen = new Set([file]);
    const pending = [...(this.importers.get(file) ?? [])];
    while (pending.length) {
      const current = pending.pop() as string;
      if (seen.has(current)) continue;
      seen.add(current);
      this.cache.delete(current);
      this.asyncBodies.delete(current);
      dropped.push(current);
      for (const importer of this.importers.get(current) ?? []) pending.push(importer);
    }
    return dropped;
  }

  private newModule(file: string): LoadedModule {
    const folder = dirname(file);
    let node = this.nodeRequires.get(folder);
    if (!node) {
      const nodeRequire = createRequire(file);
      node = { require: nodeRequire, paths: nodeRequire.resolve.paths('x') ?? [] };
      this.nodeRequires.set(folder, node);
    }
    const nodeRequire = node.require;
    const module: LoadedModule = {
      id: file,
      filename: file,
      exports: {},
      loaded: false,
      children: [],
      paths: [...node.paths],
      require: nodeRequire,
    };
    module.require = this.requireFor(file, module, nodeRequire);
    return module;
  }

  private compile(file: string): CompiledModule {
    const source = readFileSync(file, 'utf8');
    const extension = extname(file);
    const code = this.compileCache ? this.compileCache.compile(source, file, extension) : toCommonJs(source, file, extension);
    checkBuiltinImports(code, file, this.builtins);
    return compileModule(code, file);
  }

  private loadModule(file: string): LoadedModule {
    // Inside a load or a module body, the loader can wait for a module with
    // top-level await; a `require` at run time cannot (top-level-await.ts).
    const atLoad = this.depth > 0;
    const cached = this.cache.get(file);
    if (cached) {
      // Awaiting its top-level await (not a cycle back into its first, synchronous, part).
      if (this.evaluations.has(file) && !this.runningSync.has(file)) throw new AwaitedModuleError(file, atLoad);
      return cached;
    }
    if (this.asyncBodies.has(file)) throw new AwaitedModuleError(file, atLoad);
    const module = this.newModule(file);
    // Cached before it runs, as Node does, so import cycles see the partial exports.
    this.cache.set(file, module);
    try {
      if (extname(file) === '.json') {
        module.exports = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      } else if (isAsset(file)) {
        module.exports = assetExports(file, this.assets);
      } else {
        const compiled = this.compile(file);
        if (compiled.async) {
          this.asyncBodies.set(file, compiled.run);
          throw new AwaitedModuleError(file, atLoad);
        }
        compiled.run.call(module.exports, module.exports, module.require, module, file, dirname(file), compiled.importMeta ? importMetaOf(file) : undefined);
      }
    } catch (err) {
      this.cache.delete(file);
      throw err;
    }
    module.loaded = true;
    this.onLoad?.(file);
    return module;
  }

  /**
   * Evaluates a module with top-level await, once however many loads wait for
   * it. A module it imports that has top-level await too is evaluated first,
   * then this body runs again from the start (its earlier imports are cached).
   * `waiter` is the module waiting for this one, to refuse a cycle of them.
   */
  private evaluateAsync(file: string, waiter: string | undefined): Promise<void> {
    let evaluation = this.evaluations.get(file);
    // Finished between the `require` that had to wait and now: nothing left to wait for.
    if (evaluation === undefined && this.cache.get(file)?.loaded) return Promise.resolve();
    if (evaluation === undefined) {
      evaluation = this.runAsync(file).finally(() => this.evaluations.delete(file));
      this.evaluations.set(file, evaluation);
    }
    if (waiter !== undefined) {
      for (let at: string | undefined = file; at !== undefined; at = this.waitingFor.get(at)) {
        if (at === waiter) {
          return Promise.reject(new Error(`${waiter} and ${file} import each other, and both use top-level await: neither can be evaluated first.`));
        }
      }
    }
    return evaluation;
  }

  private async runAsync(file: string): Promise<void> {
    for (;;) {
      let run = this.asyncBodies.get(file);
      if (run === undefined) {
        // Dropped by watch mode meanwhile, or never seen: compile it now.
        const compiled = this.compile(file);
        if (!compiled.async) {
          this.load(file);
          return;
        }
        run = compiled.run;
        this.asyncBodies.set(file, run);
      }
      const module = this.newModule(file);
      this.cache.set(file, module);
      let done: unknown;
      this.depth++;
      this.runningSync.add(file);
      try {
        // The body runs synchronously up to its first `await`: its imports, usually.
        // Rare enough (top-level await) to give every such body its `import.meta`.
        done = run.call(module.exports, module.exports, module.require, module, file, dirname(file), importMetaOf(file));
      } finally {
        this.runningSync.delete(file);
        this.depth--;
      }
      try {
        await done;
      } catch (err) {
        this.cache.delete(file);
        if (!isAwaitedModuleError(err) || !err.atLoad || err.file === file) throw err;
        this.waitingFor.set(file, err.file);
        try {
          await this.evaluateAsync(err.file, file);
        } finally {
          this.waitingFor.delete(file);
        }
        continue;
      }
      this.asyncBodies.delete(file);
      module.loaded = true;
      this.onLoad?.(file);
      return;
    }
  }

  private requireFor(file: string, module: LoadedModule, nodeRequire: NodeJS.Require): NodeJS.Require {
    // Every local file is this loader's, except native addons, which only Node can load.
    const resolveLocal = (specifier: string): string | undefined => {
      const local = this.resolver.resolveLocal(specifier, file);
      return local === undefined || isInNodeModules(local) || extname(local) === '.node' ? undefined : local;
    };
    const builtins = this.builtins;
    const localRequire = ((specifier: string): unknown => {
      if (typeof specifier !== 'string') return nodeRequire(specifier);
      if (Object.prototype.hasOwnProperty.call(builtins, specifier)) return builtins[specifier];
      const local = resolveLocal(specifier);
      if (local === undefined) return requirePackage(nodeRequire, specifier, file);
      if (!isLoadable(local)) throw unsupportedImport(specifier, local, file);
      let importers = this.importers.get(local);
      if (!importers) this.importers.set(local, (importers = new Set()));
      importers.add(file);
      const child = this.loadModule(local);
      if (!module.children.includes(child)) module.children.push(child);
      return child.exports;
    }) as NodeJS.Require;
    const resolve = ((specifier: string, options?: { paths?: string[] }) =>
      resolveLocal(specifier) ?? nodeRequire.resolve(specifier, options)) as NodeJS.RequireResolve;
    resolve.paths = nodeRequire.resolve.paths;
    localRequire.resolve = resolve;
    localRequire.cache = nodeRequire.cache;
    localRequire.main = nodeRequire.main;
    localRequire.extensions = nodeRequire.extensions;
    return localRequire;
  }
}
