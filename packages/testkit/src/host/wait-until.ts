/** Options for {@link waitUntil}. */
export interface WaitUntilOptions {
  /** Longest wait, ms. */
  readonly timeoutMs: number;
  /** What is awaited, for the timeout message, e.g. `5 ticks for AAPL`. */
  readonly description: string;
  /** Pause between checks, ms. Default 5. */
  readonly pollIntervalMs?: number;
  /** Runs before every check (the test host drains its ring here). */
  readonly beforeCheck?: () => void;
  /** What was seen instead, appended to the timeout message so a failure explains itself. */
  readonly diagnose?: () => string;
}

/**
 * Resolves once `condition()` returns true, checking every `pollIntervalMs`; rejects after `timeoutMs` with an
 * error naming what was awaited and what was seen. Bounded in time, and so in the number of checks.
 */
export async function waitUntil(condition: () => boolean, options: WaitUntilOptions): Promise<void> {
  const pollIntervalMs = options.pollIntervalMs ?? 5;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    options.beforeCheck?.();
    if (condition()) return;
    if (Date.now() >= deadline) {
      const seen = options.diagnose?.();
      throw new Error(
        `Timed out after ${options.timeoutMs} ms waiting for ${options.description}` +
          `${seen === undefined ? '' : `; seen instead: ${seen}`}. Check the connector and its fake broker, or raise ` +
          'the timeouts option of runConnectorConformance if the venue is slow.',
      );
    }
    await sleep(pollIntervalMs);
  }
}

/** Resolves after `delayMs` of real time. */
export function sleep(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}
