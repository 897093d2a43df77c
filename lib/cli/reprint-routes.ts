/**
 * `--watch`: print the route table again when it changes. The middleware
 * re-scans on file changes by itself; this only notices that its `routes`
 * differ from what was last printed (a cheap, unref'd poll, so it never
 * races the middleware's own watcher and never keeps the process alive).
 */
const POLL_MS = 250;

export function reprintOnChange(render: () => string, print: (table: string) => void, initial: string): () => void {
  let last = initial;
  const timer = setInterval(() => {
    const now = render();
    if (now === last) return;
    last = now;
    print(now);
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
