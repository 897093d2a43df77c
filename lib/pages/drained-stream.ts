/**
 * A `bodyParser: false` route behind a body parser that already read the
 * request (`app.use(express.json())` mounted before the folder): the stream
 * has ended before the handler runs, and an ended stream never emits 'end'
 * again. `for await`, `pipe()` and raw-body notice an ended stream by
 * themselves; a handler that waits with `req.on('end', ...)` (and the upload
 * parsers built that way) would wait forever, and the client with it.
 *
 * So, for such a request only, an 'end' listener added later is called on the
 * next tick, as if the (empty) rest of the stream had just ended: the handler
 * sees an empty body and answers promptly. run-route.ts logs which route this
 * happened to and how to fix the mount order.
 */
import type { IncomingMessage } from 'node:http';

type Listener = (...args: unknown[]) => void;
type AddListener = (this: IncomingMessage, event: string | symbol, listener: Listener) => IncomingMessage;

const ADDERS = ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const;

function endLate(add: AddListener): AddListener {
  return function addListener(this: IncomingMessage, event, listener) {
    const result = add.call(this, event, listener);
    if (event === 'end' && this.readableEnded) {
      process.nextTick(() => {
        // Removed again before the tick (a cleanup path): not called, as it would not be.
        if (!this.listeners('end').includes(listener)) return;
        this.removeListener('end', listener);
        listener.call(this);
      });
    }
    return result;
  };
}

/** Makes 'end' listeners added from now on to this ended request fire (see above). Own, non-enumerable properties of `req` only. */
export function endLateListeners(req: IncomingMessage): void {
  for (const name of ADDERS) {
    const add = req[name] as unknown as AddListener;
    Object.defineProperty(req, name, { value: endLate(add), writable: true, enumerable: false, configurable: true });
  }
}
