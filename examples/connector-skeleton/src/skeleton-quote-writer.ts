import { type ConnectorContext, symbolIdOf, TickFlags, TickwireError } from '@tickwire/core';
import type { SkeletonQuote } from './skeleton-protocol';

// Per-symbol state, created once per symbol and updated in place: the quote path allocates nothing of its own.
interface SymbolState {
  readonly symbolId: number;
  /** The venue sequence the next quote should carry, or -1 when unknown (first quote, or after a reconnect). */
  expectedSequence: number;
  /** Set after a reconnect: the next tick carries GAP_BEFORE, since quotes may have been missed while away. */
  gapPending: boolean;
}

/**
 * Turns Skeleton quote frames into ticks: venue time, f32 prices through the host's `TickWriter`, volume as bid size
 * plus ask size (docs/tick-format.md), and the venue's per-symbol sequence checked, so a skip is reported to the
 * host and flagged on the tick that follows it.
 */
export class SkeletonQuoteWriter {
  readonly #symbols = new Map<string, SymbolState>();

  constructor(private readonly context: ConnectorContext) {}

  /** Writes one quote as a tick (and as a full-precision event when someone listens). */
  write(quote: SkeletonQuote): void {
    const state = this.#symbols.get(quote.sym) ?? this.#firstSight(quote.sym);
    let flags = 0;
    if (state.gapPending) {
      flags |= TickFlags.GAP_BEFORE;
      state.gapPending = false;
    } else if (state.expectedSequence >= 0 && quote.seq !== state.expectedSequence) {
      if (quote.seq < state.expectedSequence) {
        this.context.health.reportProtocolError(
          new TickwireError({
            code: 'PROTOCOL_ERROR',
            message: `Skeleton quote for ${quote.sym} went back in sequence (${quote.seq} after ${state.expectedSequence - 1}); skipped it.`,
          }),
        );
        return;
      }
      this.context.health.reportGap(quote.sym, state.expectedSequence, quote.seq);
      flags |= TickFlags.GAP_BEFORE;
    }
    state.expectedSequence = quote.seq + 1;

    const writer = this.context.tickWriter;
    const draft = writer.draft;
    const epochSeconds = Math.floor(quote.ts / 1000);
    draft.epochSeconds = epochSeconds;
    draft.nanoseconds = Math.min(999_999_999, Math.round((quote.ts - epochSeconds * 1000) * 1e6));
    draft.symbolId = state.symbolId;
    draft.bid = quote.bid;
    draft.ask = quote.ask;
    draft.volume = quote.bsz + quote.asz;
    draft.flags = flags;
    writer.publish();

    if (this.context.marketData.wants('quotes')) {
      this.context.marketData.quote({
        symbol: quote.sym,
        bidPrice: quote.bid,
        bidSize: quote.bsz,
        askPrice: quote.ask,
        askSize: quote.asz,
        timestampMs: quote.ts,
      });
    }
  }

  /** After a reconnect: sequences start afresh and every symbol's next tick carries GAP_BEFORE. */
  markReconnected(): void {
    for (const state of this.#symbols.values()) {
      state.expectedSequence = -1;
      state.gapPending = true;
    }
  }

  #firstSight(symbol: string): SymbolState {
    const state: SymbolState = { symbolId: symbolIdOf(symbol), expectedSequence: -1, gapPending: false };
    this.#symbols.set(symbol, state);
    return state;
  }
}
