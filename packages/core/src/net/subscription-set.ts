import type { DataKind } from '../connector/capabilities';

/** Symbols per channel: what to send in subscribe or unsubscribe messages. Only channels with symbols appear. */
export type SubscriptionsByChannel<TChannel extends string> = ReadonlyMap<TChannel, readonly string[]>;

/**
 * The subscriptions a connector wants, kept independently of any connection, so that after a reconnect the
 * connector resubscribes to exactly this set (`byChannel()` in its `onOpen` hook).
 *
 * `add` and `remove` return only what changed, grouped by channel, which is what to send to the venue now.
 * Channels default to {@link DataKind}s; a connector may use the venue's own channel names instead.
 *
 * @example
 * ```ts
 * const wanted = new SubscriptionSet();
 * const added = wanted.add(['AAPL', 'MSFT'], ['quotes']); // Map { 'quotes' => ['AAPL', 'MSFT'] }
 * if (socket.isOpen && added.size > 0) socket.send(JSON.stringify({ action: 'subscribe', quotes: added.get('quotes') }));
 * // in onOpen after a reconnect: for (const [kind, symbols] of wanted.byChannel()) sendSubscribe(kind, symbols);
 * ```
 */
export class SubscriptionSet<TChannel extends string = DataKind> {
  readonly #symbolsByChannel = new Map<TChannel, Set<string>>();

  /** Adds every (symbol, channel) pair; returns the pairs that were not already present. */
  add(symbols: readonly string[], channels: readonly TChannel[]): SubscriptionsByChannel<TChannel> {
    const added = new Map<TChannel, string[]>();
    for (const channel of channels) {
      let present = this.#symbolsByChannel.get(channel);
      if (present === undefined) {
        present = new Set();
        this.#symbolsByChannel.set(channel, present);
      }
      for (const symbol of symbols) {
        if (present.has(symbol)) continue;
        present.add(symbol);
        appendTo(added, channel, symbol);
      }
    }
    return added;
  }

  /** Removes every (symbol, channel) pair; returns the pairs that were present. */
  remove(symbols: readonly string[], channels: readonly TChannel[]): SubscriptionsByChannel<TChannel> {
    const removed = new Map<TChannel, string[]>();
    for (const channel of channels) {
      const present = this.#symbolsByChannel.get(channel);
      if (present === undefined) continue;
      for (const symbol of symbols) {
        if (present.delete(symbol)) appendTo(removed, channel, symbol);
      }
      if (present.size === 0) this.#symbolsByChannel.delete(channel);
    }
    return removed;
  }

  /** True when `symbol` is wanted on `channel`. */
  has(symbol: string, channel: TChannel): boolean {
    return this.#symbolsByChannel.get(channel)?.has(symbol) ?? false;
  }

  /** Every wanted subscription, grouped by channel, in insertion order: what to resend after a reconnect. */
  byChannel(): SubscriptionsByChannel<TChannel> {
    const all = new Map<TChannel, string[]>();
    for (const [channel, symbols] of this.#symbolsByChannel) all.set(channel, [...symbols]);
    return all;
  }

  /** The distinct symbols across all channels (for limits such as Alpaca's 30 symbols on IEX). */
  symbols(): string[] {
    const distinct = new Set<string>();
    for (const symbols of this.#symbolsByChannel.values()) for (const symbol of symbols) distinct.add(symbol);
    return [...distinct];
  }

  /** Number of (symbol, channel) pairs. */
  get size(): number {
    let count = 0;
    for (const symbols of this.#symbolsByChannel.values()) count += symbols.size;
    return count;
  }

  /** Forgets every subscription. */
  clear(): void {
    this.#symbolsByChannel.clear();
  }
}

function appendTo<TChannel>(map: Map<TChannel, string[]>, channel: TChannel, symbol: string): void {
  const list = map.get(channel);
  if (list === undefined) map.set(channel, [symbol]);
  else list.push(symbol);
}
