import { TickwireError, type TimerHandle, type Timers } from '@tickwire/core';

interface PendingReply<TMessage> {
  readonly accept: (message: TMessage) => 'resolve' | TickwireError | undefined;
  readonly resolve: (message: TMessage) => void;
  readonly reject: (error: TickwireError) => void;
  readonly timer: TimerHandle;
  readonly onAbort: () => void;
  readonly signal: AbortSignal | undefined;
}

/**
 * Waits for control replies on a stream (greeting, auth, listen and subscription acknowledgements, errors). The
 * stream decodes each frame once and offers its control messages here; a waiter resolves, or rejects with the
 * error its `accept` function builds from an error reply. Bounded by a timeout and by the connection's abort signal.
 */
export class AlpacaReplyWaiter<TMessage> {
  readonly #pending = new Set<PendingReply<TMessage>>();
  readonly #timers: Timers;

  constructor(timers: Timers) {
    this.#timers = timers;
  }

  /**
   * Resolves with the first offered message `accept` answers `'resolve'` for; rejects with the error it returns
   * instead, with `TIMEOUT` naming `what` after `timeoutMs`, or with the signal's reason when it aborts.
   */
  wait(
    what: string,
    accept: (message: TMessage) => 'resolve' | TickwireError | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<TMessage> {
    return new Promise<TMessage>((resolve, reject) => {
      const pending: PendingReply<TMessage> = {
        accept,
        resolve,
        reject,
        signal,
        timer: this.#timers.setTimeout(() => {
          this.#settle(pending);
          reject(
            new TickwireError({
              code: 'TIMEOUT',
              message: `Alpaca did not send ${what} within ${timeoutMs} ms. Check the endpoint URL; raise timeouts.streamReplyMs if the network is slow.`,
            }),
          );
        }, timeoutMs),
        onAbort: () => {
          this.#settle(pending);
          reject(abortReason(signal, what));
        },
      };
      if (signal?.aborted) {
        this.#timers.clearTimeout(pending.timer);
        reject(abortReason(signal, what));
        return;
      }
      signal?.addEventListener('abort', pending.onAbort, { once: true });
      this.#pending.add(pending);
    });
  }

  /** Offers a control message; returns true when a waiter took it. */
  offer(message: TMessage): boolean {
    for (const pending of this.#pending) {
      const verdict = pending.accept(message);
      if (verdict === undefined) continue;
      this.#settle(pending);
      if (verdict === 'resolve') pending.resolve(message);
      else pending.reject(verdict);
      return true;
    }
    return false;
  }

  /** True while someone waits (an unexpected error reply is then theirs, not a stray). */
  get waiting(): boolean {
    return this.#pending.size > 0;
  }

  #settle(pending: PendingReply<TMessage>): void {
    this.#pending.delete(pending);
    this.#timers.clearTimeout(pending.timer);
    pending.signal?.removeEventListener('abort', pending.onAbort);
  }
}

function abortReason(signal: AbortSignal | undefined, what: string): TickwireError {
  const reason = signal?.reason as unknown;
  if (TickwireError.isInstance(reason)) return reason;
  return new TickwireError({
    code: 'CONNECTION_FAILED',
    message: `The Alpaca connection closed while waiting for ${what}; reconnecting.`,
  });
}
