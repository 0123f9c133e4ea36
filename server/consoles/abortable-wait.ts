/**
 * True after `ms`; false at once when `signal` aborts (or already has), the timer cleared. A global
 * setTimeout rather than node:timers/promises, so fake-timer tests can step through a reconnect backoff and
 * count what is left.
 */
export function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
