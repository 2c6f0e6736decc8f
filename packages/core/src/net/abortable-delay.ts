import type { Timers } from '../connector/clock';
import { TickwireError } from '../errors/tickwire-error';

/**
 * Resolves after `delayMs` on the given timers, or rejects with an `ABORTED` tickwire error as soon as `signal`
 * aborts (at once if it already has). The timer is cleared on abort so nothing is left pending.
 */
export function abortableDelay(timers: Timers, delayMs: number, signal?: AbortSignal, what = 'A wait'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const aborted = () =>
      new TickwireError({
        code: 'ABORTED',
        message: `${what} was cancelled because its signal aborted; nothing to do.`,
      });
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(aborted());
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
