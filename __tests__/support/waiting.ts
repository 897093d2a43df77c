/** Waiting without asserting time: polling until a check passes, and plain pauses. */

/** Polls until `check` passes or the deadline ends (then the last failure is thrown). No timing is asserted. */
export async function eventually(check: () => Promise<void>, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await sleep(50);
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One turn of the event loop. A test app gives no promise for the handler's
 * end, so a test that asserts something was *not* logged waits this turn
 * after the response, for work the handler's settling queued.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
