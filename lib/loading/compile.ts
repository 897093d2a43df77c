/**
 * Source → CommonJS for the files a Next project writes: ESM syntax in `.js`,
 * TypeScript (including enums), JSX. Sucrase keeps line numbers as they are,
 * so stack traces point at the user's lines.
 */
import { readFileSync } from 'node:fs';
import type { Options, Transform } from 'sucrase';

/**
 * Loaded on the first file that needs compiling: it is most of this package's
 * start-up cost (about 37 ms of `require`), which an app whose routes are
 * all CommonJS never needs to pay.
 */
let sucrase: typeof import('sucrase') | undefined;
const compiler = (): typeof import('sucrase') => (sucrase ??= require('sucrase') as typeof import('sucrase'));

const TRANSFORMS: Record<string, Transform[]> = {
  '.ts': ['typescript', 'imports'],
  '.mts': ['typescript', 'imports'],
  '.cts': ['typescript', 'imports'],
  '.tsx': ['typescript', 'jsx', 'imports'],
  '.js': ['jsx', 'imports'],
  '.jsx': ['jsx', 'imports'],
  '.mjs': ['imports'],
};

/** Extensions this loader compiles itself (everything else goes to Node's `require`). */
export const SOURCE_EXTENSIONS = new Set([...Object.keys(TRANSFORMS), '.cjs']);

/** No `import`/`export` token: plain CommonJS, run as written (keeps sloppy-mode code working). */
const ESM_OR_JSX = /\bimport\b|\bexport\b|<\/|\/>/;

/** Every option but the per-file `transforms` and `filePath` (which, with these, only names the file in errors). */
const OPTIONS = {
  production: true,
  jsxRuntime: 'automatic',
  // Node 20 runs modern syntax natively; only module syntax and types need rewriting.
  disableESTransforms: true,
} as const satisfies Omit<Options, 'transforms'>;

/** The transforms `source` needs, or undefined when it runs as written. */
function transformsFor(source: string, extension: string): Transform[] | undefined {
  if (extension === '.cjs') return undefined;
  if ((extension === '.js' || extension === '.jsx') && !ESM_OR_JSX.test(source)) return undefined;
  return TRANSFORMS[extension];
}

/** True when `toCommonJs` would change `source` (so there is something worth caching). */
export function needsCompiling(source: string, extension: string): boolean {
  return transformsFor(source, extension) !== undefined;
}

let identity: string | undefined;

/**
 * What, besides a file's text and extension, decides the compiled output:
 * the compiler's version and the options above. Read from sucrase's
 * package.json on disk, so that asking does not load the compiler.
 */
export function compilerIdentity(): string {
  if (identity === undefined) {
    const { version } = JSON.parse(readFileSync(require.resolve('sucrase/package.json'), 'utf8')) as { version: string };
    identity = `sucrase ${version} ${JSON.stringify(OPTIONS)} ${JSON.stringify(TRANSFORMS)} ${IMPORT_META} ${IMPORT_META_TOKEN.source}`;
  }
  return identity;
}

/**
 * The name `import.meta` becomes in compiled code: CommonJS cannot say
 * `import.meta`, so the module wrapper passes an object of that name
 * (module-loader.ts `importMetaOf`). Next's bundler gives route files
 * `import.meta.url` (the source file's `file:` URL) the same way.
 */
export const IMPORT_META = '__nae_import_meta';
/**
 * `import.meta` as a token (not `x.import.meta`, not part of a longer name),
 * after one-line quoted strings, which are matched first and kept as they
 * are. Template literals are not skipped, so `${import.meta.url}` in one is
 * replaced (and the words "import.meta" in a template's own text would be);
 * comments are not skipped either: `//` inside a template is not one, and
 * whatever a comment says does not run.
 */
const IMPORT_META_TOKEN = /('(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")|(?<![\w$.])import\s*\.\s*meta(?![\w$])/g;

function replaceImportMeta(code: string): string {
  if (!code.includes('import')) return code;
  return code.replace(IMPORT_META_TOKEN, (token, kept: string | undefined) => kept ?? IMPORT_META);
}

export function toCommonJs(source: string, file: string, extension: string): string {
  const transforms = transformsFor(source, extension);
  if (!transforms) return source;
  let code: string;
  try {
    code = compiler().transform(source, { ...OPTIONS, transforms, filePath: file }).code;
  } catch (err) {
    throw syntaxError(err, source, file);
  }
  return replaceImportMeta(code);
}

/**
 * The compiler's stack is noise to the user: say `file:line:column message`
 * and show the lines around it, as Node does for its own syntax errors.
 */
function syntaxError(err: unknown, source: string, file: string): Error {
  const raw = err instanceof Error ? err.message : String(err);
  const found = /\((\d+):(\d+)\)\s*$/.exec(raw);
  const message = raw.replace(/^Error transforming [^:]+: /, '').replace(/\s*\(\d+:\d+\)\s*$/, '');
  if (!found) return Object.assign(new SyntaxError(`${file}: ${message}`), { stack: `SyntaxError: ${file}: ${message}` });
  const line = Number(found[1]);
  const column = Number(found[2]); // 1-based, as the compiler reports it
  const lines = source.split('\n');
  const frame = lines
    .slice(Math.max(0, line - 3), line + 1)
    .map((text, i) => {
      const number = Math.max(1, line - 2) + i;
      const gutter = `${number === line ? '>' : ' '} ${String(number).padStart(4)} | `;
      return gutter + text + (number === line ? `\n${' '.repeat(gutter.length + column - 1)}^` : '');
    })
    .join('\n');
  const text = `${file}:${line}:${column}: ${message}`;
  const error = new SyntaxError(text);
  error.stack = `SyntaxError: ${text}\n${frame}`;
  return error;
}
