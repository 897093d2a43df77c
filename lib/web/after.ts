/**
 * `after()` (docs/next-behaviour.md §32): the tasks a handler registered run
 * once its answer has been sent (the response closed), in order, inside the
 * handler's request scope; a task that throws or rejects is logged with
 * Next's message and stops nothing else.
 */
import type { ServerResponse } from 'node:http';
import { requestStorage, type RequestStore } from './request-store';

async function runTasks(store: RequestStore): Promise<void> {
  const failed = (err: unknown): void => store.logger.error('An error occurred in a function passed to `after()`:', err);
  const pending: Promise<unknown>[] = [];
  for (const task of store.afterTasks) {
    if (typeof task === 'function') {
      try {
        await requestStorage.run(store, task);
      } catch (err) {
        failed(err);
      }
    } else {
      pending.push(Promise.resolve(task)); // already handled by after()
    }
  }
  await Promise.all(pending);
}

/** Runs the store's `after()` tasks when `res` has closed (now, if it has). */
export function runAfterResponse(store: RequestStore, res: ServerResponse | undefined): void {
  if (store.afterTasks.length === 0) return;
  const run = (): void => void runTasks(store);
  if (!res || res.closed) run();
  else res.once('close', run);
}
