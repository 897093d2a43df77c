/** Polls until `check` passes or the deadline ends (then the last failure is thrown). No timing is asserted. */
export async function eventually(check: () => Promise<void>, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
