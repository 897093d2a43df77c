/**
 * One derived prototype per framework prototype, made once: `Object.create(base,
 * descriptors)`, cached by `base`. Switching a request or response to it costs
 * one cached V8 map transition, where defining the same properties as own
 * properties of an object whose prototype a framework (Express) already
 * switched costs a fresh object layout and garbage on every request (measured
 * with `npm run bench`). The framework's prototype itself is never modified.
 */
export function derivedPrototypes(descriptors: PropertyDescriptorMap): (base: object) => object {
  const cache = new WeakMap<object, object>();
  return (base) => {
    let derived = cache.get(base);
    if (!derived) {
      derived = Object.create(base, descriptors) as object;
      cache.set(base, derived);
    }
    return derived;
  };
}
