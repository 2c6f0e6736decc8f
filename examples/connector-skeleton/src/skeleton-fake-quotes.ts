import type { FakeQuote } from '@tickwire/testkit';
import type { SkeletonQuote } from './skeleton-protocol';

interface SymbolStream {
  /** Mid price in cents, walking one cent at a time. */
  midCents: number;
  /** The venue sequence of the next quote. */
  sequence: number;
  /** The next quote follows a skip in the sequence (a gap fault). */
  gapBefore: boolean;
  readonly sent: FakeQuote[];
}

/** One generated quote: the frame to send and its entry for the fake's log. */
export interface GeneratedQuote {
  readonly frame: SkeletonQuote;
  readonly logged: FakeQuote;
}

/**
 * The fake venue's quotes: a deterministic one-cent random walk per symbol with a per-symbol venue sequence, and
 * the log of every quote actually sent (the test kit matches ticks to it one for one).
 */
export class SkeletonQuoteStream {
  readonly #streams = new Map<string, SymbolStream>();
  #seed = 0x2545f491;

  /** The next quote for `symbol`, stamped with venue time `venueNowMs`. Not logged until {@link log}. */
  next(symbol: string, venueNowMs: number): GeneratedQuote {
    const stream = this.#stream(symbol);
    stream.midCents = Math.max(200, stream.midCents + (this.#random() < 0.5 ? -1 : 1));
    const bid = (stream.midCents - 1) / 100;
    const ask = (stream.midCents + 1) / 100;
    const bidSize = 100 * (1 + Math.floor(this.#random() * 5));
    const askSize = 100 * (1 + Math.floor(this.#random() * 5));
    const frame: SkeletonQuote = {
      type: 'quote',
      sym: symbol,
      seq: stream.sequence++,
      bid,
      ask,
      bsz: bidSize,
      asz: askSize,
      ts: venueNowMs,
    };
    // The fake knows exactly which quotes are snapshots (none) and which follow a gap, so it says so for each.
    const logged: FakeQuote = {
      symbol,
      bid,
      ask,
      bidSize,
      askSize,
      venueTimeMs: venueNowMs,
      snapshot: false,
      gapBefore: stream.gapBefore,
    };
    stream.gapBefore = false;
    return { frame, logged };
  }

  /** Records a quote as sent. */
  log(quote: FakeQuote): void {
    this.#stream(quote.symbol).sent.push(quote);
  }

  /** Every quote sent for `symbol`, in order. */
  sent(symbol: string): readonly FakeQuote[] {
    return this.#streams.get(symbol)?.sent ?? [];
  }

  /** Skips `missing` sequence numbers before the next quote of `symbol`, as if they were lost upstream. */
  skip(symbol: string, missing: number): void {
    const stream = this.#stream(symbol);
    stream.sequence += missing;
    stream.gapBefore = true;
  }

  #stream(symbol: string): SymbolStream {
    let stream = this.#streams.get(symbol);
    if (stream === undefined) {
      // Start each symbol at its own price, from 100.00 up.
      stream = { midCents: 10_000 + 1_000 * this.#streams.size, sequence: 1, gapBefore: false, sent: [] };
      this.#streams.set(symbol, stream);
    }
    return stream;
  }

  // xorshift32: deterministic, so a failing run can be replayed.
  #random(): number {
    let x = this.#seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#seed = x >>> 0;
    return this.#seed / 2 ** 32;
  }
}

/** A fresh quote stream. */
export function createQuoteStream(): SkeletonQuoteStream {
  return new SkeletonQuoteStream();
}
