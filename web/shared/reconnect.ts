/**
 * graphql-ws's `retryWait` for the browser apps: at once when the app asked for it (a renewed token), otherwise
 * exponential backoff from `baseMs` up to `maxMs`, with jitter so a fleet of clients doesn't reconnect in step.
 */
export function backoffRetryWait(
  baseMs: number,
  maxMs: number,
  /** True (once) when the next reconnect should not wait. */
  takeImmediate: () => boolean,
): (retries: number) => Promise<void> {
  return async (retries) => {
    if (takeImmediate()) return;
    const ms = Math.min(maxMs, baseMs * 2 ** Math.min(retries, 5)) * (0.5 + Math.random() / 2);
    await new Promise((r) => setTimeout(r, ms));
  };
}
