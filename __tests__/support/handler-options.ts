/** Preview keys and the options most `testHandler` apps in this suite run with. */
import type { PreviewModeKeys } from '../../lib';
import type { TestHandlerOptions } from '../../lib/testing';

/** Fixed keys, so cookie values and `x-prerender-revalidate` can be asserted. */
export const PREVIEW_KEYS: PreviewModeKeys = {
  previewModeId: '0123456789abcdef0123456789abcdef',
  previewModeSigningKey: 'signing-key-signing-key-signing-key-0001',
  previewModeEncryptionKey: 'encryption-key-encryption-key-00001',
};

/**
 * `next start`: no dev warnings, production cookie attributes, the fixed
 * preview keys, and log lines kept only in `app.logs` (jest sets
 * NODE_ENV=test, which the library would otherwise take for dev).
 */
export const PRODUCTION: TestHandlerOptions = { dev: false, preview: PREVIEW_KEYS, logger: false };

/**
 * `next dev`'s warnings: as PRODUCTION, with the dev-only warnings. Cookie
 * attributes and the 500 body follow NODE_ENV itself, not `dev`.
 */
export const DEV: TestHandlerOptions = { ...PRODUCTION, dev: true };
