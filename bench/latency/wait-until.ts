/** Resolves once `isDone()` is true (checked every 5 ms) or rejects after `timeoutMs` naming `what`. */
export async function waitUntil(isDone: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!isDone()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
