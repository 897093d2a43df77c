// Throws on purpose: the runner tests check that the error reaches the test.
export default function broken(): never {
  throw new Error('broken handler');
}
