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
import { compileFunction } from 'node:vm';
import { DEFAULT_IMAGE_PUBLIC_PATH } from '../options';
import { assetExports, isAsset, unsupportedImport, type AssetOptions } from './asset-modules';
import { ImportResolver } from './import-resolver';
import { SOURCE_EXTENSIONS, toCommonJs } from './compile';
import type { CompileCache } from './compile-cache';

interface LoadedModule {
  id: string;
  filename: string;
  exports: unknown;
  loaded: boolean;
  children: LoadedModule[];
  paths: string[];
  require: NodeJS.Require;
}

const WRAPPER_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

type ModuleFunction = (exports: unknown, require: NodeJS.Require, module: LoadedModule, filename: string, dirname: string) => void;

/**
 * Compiles a CommonJS body in this library's own JavaScript realm. Under a
 * test runner that sandboxes modules (jest), that is the test's realm, so
 * handlers share its globals (`Object.prototype`, fake timers) as they would
 * share them in production, where there is one realm. `vm.compileFunction`
 * would use Node's main realm instead. The wrapper sits on line 1, so line
 * numbers in stack traces are the file's own; `sourceURL` names the file.
 */
function compileModule(code: string, file: string): ModuleFunction {
  const source = `(function (${WRAPPER_PARAMS.join(', ')}) {${code}\n})\n//# sourceURL=${file}`;
  try {
    const indirectEval = globalThis.eval;
    return indirectEval(source) as ModuleFunction;
  } catch (err) {
    // eval's SyntaxError has no position; Node's compiler says file:line and shows the line.
    if (err instanceof SyntaxError || (err as Error)?.name === 'SyntaxError') compileFunction(code, WRAPPER_PARAMS, { filename: file });
    throw err;
  }
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

  /** Evaluates `file` (once) and returns its `module.exports`. */
  load(file: string): unknown {
    return this.loadModule(file).exports;
  }

  /** Forgets `file` and every module that imported it, directly or not. Returns the files dropped. */
  invalidate(file: string): string[] {
    const dropped: string[] = [];
    const pending = [file];
    while (pending.length) {
      const current = pending.pop() as string;
      if (!this.cache.delete(current)) continue;
      dropped.push(current);
      for (const importer of this.importers.get(current) ?? []) pending.push(importer);
    }
    return dropped;
  }

  private loadModule(file: string): LoadedModule {
    const cached = this.cache.get(file);
    if (cached) return cached;
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
    const localRequire = this.requireFor(file, module, nodeRequire);
    module.require = localRequire;
    // Cached before it runs, as Node does, so import cycles see the partial exports.
    this.cache.set(file, module);
    try {
      const extension = extname(file);
      if (extension === '.json') {
        module.exports = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      } else if (isAsset(file)) {
        module.exports = assetExports(file, this.assets);
      } else {
        const source = readFileSync(file, 'utf8');
        const code = this.compileCache ? this.compileCache.compile(source, file, extension) : toCommonJs(source, file, extension);
        const run = compileModule(code, file);
        run.call(module.exports, module.exports, localRequire, module, file, folder);
      }
    } catch (err) {
      this.cache.delete(file);
      throw err;
    }
    module.loaded = true;
    this.onLoad?.(file);
    return module;
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
      if (local === undefined) return nodeRequire(specifier);
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
