/**
 * Source → CommonJS for the files a Next project writes: ESM syntax in `.js`,
 * TypeScript (including enums), JSX. Sucrase keeps line numbers as they are,
 * so stack traces point at the user's lines.
 */
import { transform, type Transform } from 'sucrase';

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

export function toCommonJs(source: string, file: string, extension: string): string {
  if (extension === '.cjs') return source;
  if ((extension === '.js' || extension === '.jsx') && !ESM_OR_JSX.test(source)) return source;
  const transforms = TRANSFORMS[extension];
  if (!transforms) return source;
  return transform(source, {
    transforms,
    filePath: file,
    production: true,
    jsxRuntime: 'automatic',
    // Node 20 runs modern syntax natively; only module syntax and types need rewriting.
    disableESTransforms: true,
  }).code;
}
