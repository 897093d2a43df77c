/**
 * The draft-mode cookie `draftMode().enable()` and `.disable()` set
 * (docs/next-behaviour.md §27): `__prerender_bypass=<previewModeId>; Path=/;
 * Secure; HttpOnly; SameSite=none`, or `SameSite=lax` without `Secure` in
 * development, as Next's; disabling expires it with the same attributes.
 */
import type { ResponseCookie } from './response-cookies';

export const DRAFT_COOKIE = '__prerender_bypass';

export function draftCookie(previewModeId: string, development: boolean): ResponseCookie {
  return { name: DRAFT_COOKIE, value: previewModeId, httpOnly: true, sameSite: development ? 'lax' : 'none', secure: !development, path: '/' };
}

export function clearedDraftCookie(development: boolean): ResponseCookie {
  return { ...draftCookie('', development), expires: new Date(0) };
}
