/**
 * Writing user-controlled keys (query names, cookie names) into plain objects.
 *
 * Next 16 mangles keys named after `Object.prototype` members (docs/next-behaviour.md §6 "16
 * quirk", §7 "Quirk"); docs/design.md ("Deliberate differences") says they are ordinary
 * keys here. Assignment is fine for every key except `__proto__`, whose
 * assignment would call the inherited setter and swap the prototype, so that
 * one is defined as an own data property instead. Nothing touches any prototype.
 */

/** An own, writable, enumerable, configurable data property: what assignment makes, and what Next defines on `req`. */
export function dataProperty(value: unknown): PropertyDescriptor {
  return { value, writable: true, enumerable: true, configurable: true };
}

export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, dataProperty(value));
  } else {
    target[key] = value;
  }
}

export const hasOwn = (target: object, key: string): boolean => Object.prototype.hasOwnProperty.call(target, key);
