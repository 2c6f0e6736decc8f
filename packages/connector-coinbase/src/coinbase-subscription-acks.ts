import type { Logger, TimerHandle, Timers } from '@tickwire/core';
import { TickwireError } from '@tickwire/core';

interface PendingAck {
  readonly channel: string;
  readonly products: readonly string[];
  readonly resolve: () => void;
  readonly reject: (error: TickwireError) => void;
  readonly timer: TimerHandle;
}

/**
 * Matches subscribe requests with Coinbase's `subscriptions` messages, which list every channel's products after
 * each change. A request is acknowledged once a list holds all its products under its channel; an error frame
 * refuses the oldest pending request (Coinbase does not say which one it refers to). With no answer within the
 * timeout the request counts as sent, with a warning: the acknowledgement's shape is not documented as stable.
 */
export class CoinbaseSubscriptionAcks {
  readonly #pending: PendingAck[] = [];
  readonly #timers: Timers;
  readonly #logger: Logger;

  constructor(timers: Timers, logger: Logger) {
    this.#timers = timers;
    this.#logger = logger;
  }

  /** Resolves when `products` are acknowledged on `channel`; rejects with `SUBSCRIPTION_FAILED` on an error frame. */
  expect(channel: string, products: readonly string[], timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const pending: PendingAck = {
        channel,
        products,
        resolve,
        reject,
        timer: this.#timers.setTimeout(() => {
          this.#remove(pending);
          this.#logger.warn('Coinbase sent no subscriptions acknowledgement; assuming the subscription holds', {
            channel,
            products,
            timeoutMs,
          });
          resolve();
        }, timeoutMs),
      };
      this.#pending.push(pending);
    });
  }

  /** A `subscriptions` event: settles every request whose products it lists. */
  onSubscriptions(subscriptions: Readonly<Record<string, readonly string[]>>): void {
    for (const pending of [...this.#pending]) {
      const listed = subscriptions[pending.channel];
      if (listed === undefined || !pending.products.every((product) => listed.includes(product))) continue;
      this.#remove(pending);
      pending.resolve();
    }
  }

  /** An error frame: refuses the oldest pending request. Returns false when none was pending. */
  onError(venueMessage: string): boolean {
    const pending = this.#pending[0];
    if (pending === undefined) return false;
    this.#remove(pending);
    pending.reject(
      new TickwireError({
        code: 'SUBSCRIPTION_FAILED',
        message: `Coinbase refused the ${pending.channel} subscription for ${pending.products.join(', ')}: "${venueMessage}". Check the product ids (e.g. BTC-USD) and the key's permissions.`,
        details: { channel: pending.channel, symbols: pending.products },
      }),
    );
    return true;
  }

  /** Rejects every pending request (the connection dropped or closed). */
  failAll(error: TickwireError): void {
    for (const pending of this.#pending.splice(0)) {
      this.#timers.clearTimeout(pending.timer);
      pending.reject(error);
    }
  }

  #remove(pending: PendingAck): void {
    const index = this.#pending.indexOf(pending);
    if (index >= 0) this.#pending.splice(index, 1);
    this.#timers.clearTimeout(pending.timer);
  }
}
