import { type EpochAnchor, Rfc3339Formatter } from './epoch-anchor';

// Starting mid prices, so each symbol's quotes look like its own.
const FIRST_MID: Readonly<Record<string, number>> = { AAPL: 189.5, MSFT: 415.2, NVDA: 121.3, SPY: 521.4 };

/**
 * Alpaca stock-quote frames as the market-data stream sends them, one quote per frame:
 * `[{"T":"q","S":..,"bx":..,"bp":..,"bs":..,"ax":..,"ap":..,"as":..,"c":["R"],"z":"C","t":<RFC 3339 ns>}]`.
 * Symbols come round-robin; each mid price walks by a cent at a time. `t` is the send time, so the connector
 * stamps it into the tick as the venue time and the consumer can tell how long the quote took from the feed.
 */
export class AlpacaQuoteFrames {
  private readonly mids: number[];
  private readonly formatter: Rfc3339Formatter;

  constructor(
    private readonly symbols: readonly string[],
    anchor: EpochAnchor,
  ) {
    this.mids = symbols.map((symbol) => FIRST_MID[symbol] ?? 100);
    this.formatter = new Rfc3339Formatter(anchor);
  }

  /** Frame number `index`, stamped with monotonic time `sentMs`, as the UTF-8 bytes of a text frame. */
  frame(index: number, sentMs: number): Buffer {
    const symbolIndex = index % this.symbols.length;
    const mid = this.mids[symbolIndex]! + (Math.random() < 0.5 ? -0.01 : 0.01);
    this.mids[symbolIndex] = mid;
    const bid = (mid - 0.01).toFixed(2);
    const ask = (mid + 0.01).toFixed(2);
    const bidSize = 1 + (index % 7);
    const askSize = 1 + (index % 5);
    const time = this.formatter.format(sentMs);
    const text =
      `[{"T":"q","S":"${this.symbols[symbolIndex]}","bx":"V","bp":${bid},"bs":${bidSize},"ax":"V","ap":${ask},` +
      `"as":${askSize},"c":["R"],"z":"C","t":"${time}"}]`;
    return Buffer.from(text, 'utf8');
  }
}
