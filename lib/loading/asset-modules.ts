/**
 * Non-code files a route may import, as Next's bundler treats them:
 * - `x.module.css`: the class-name map (css-modules.ts);
 * - any other `.css`: imported for its side effect, an empty module;
 * - images: Next's static-import object `{ src, width, height }`, `src` being
 *   `<imagePublicPath><name>.<8 hex of the content hash>.<ext>` as Next names
 *   the copy it serves (the file itself is not served here).
 * Any other extension has no loader in Next either: importing it fails with
 * a message that names both files and the extension.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { cssModuleClassNames } from './css-modules';

/** The extensions Next's image loader takes. */
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.ico', '.bmp', '.svg']);

export interface AssetOptions {
  /** Where `src` of an imported image points; ends with `/`. */
  imagePublicPath: string;
}

export function isAsset(file: string): boolean {
  const ext = extname(file).toLowerCase();
  return ext === '.css' || IMAGE_EXTENSIONS.has(ext);
}

/** Next's `StaticImageData` as this package fills it: no blur placeholder (that needs an image library). */
export interface StaticImage {
  src: string;
  width: number;
  height: number;
}

/** Loaded on the first image import: most apps never import one. */
let imageSize: typeof import('image-size').imageSize | undefined;

function staticImage(file: string, options: AssetOptions): StaticImage {
  const bytes = readFileSync(file);
  imageSize ??= (require('image-size') as typeof import('image-size')).imageSize;
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch (err) {
    throw new Error(`${file} is not an image whose size can be read: ${(err as Error).message}`, { cause: err });
  }
  if (!size.width || !size.height) throw new Error(`${file} is an image without a width and height`);
  const ext = extname(file);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
  return { src: `${options.imagePublicPath}${basename(file, ext)}.${hash}${ext}`, width: size.width, height: size.height };
}

/** `module.exports` of an asset file (`isAsset(file)` is true). */
export function assetExports(file: string, options: AssetOptions): unknown {
  if (extname(file).toLowerCase() !== '.css') return staticImage(file, options);
  if (/\.module\.css$/i.test(file)) return cssModuleClassNames(readFileSync(file, 'utf8'), file);
  return {};
}

/**
 * The error for `import x from './notes.yaml'`: Node would run the file as
 * JavaScript and fail with a syntax error on its first line; this says what
 * is wrong instead. Shaped like Node's own ERR_UNKNOWN_FILE_EXTENSION.
 */
export function unsupportedImport(specifier: string, file: string, importer: string): TypeError {
  const ext = extname(file) || '(no extension)';
  const error = new TypeError(
    `Cannot import "${specifier}" from ${importer}: ${file} has the extension "${ext}", which route files cannot import. ` +
      'They can import JavaScript and TypeScript, JSON, CSS (.module.css gives the class names) and images ' +
      `(${[...IMAGE_EXTENSIONS].join(', ')}); Next.js has no loader for "${ext}" either without a custom webpack config. ` +
      'Read the file with fs at run time instead.',
  );
  return Object.assign(error, { code: 'ERR_UNKNOWN_FILE_EXTENSION' });
}
