// The quote feed of the Alpaca bench: realistic stock quote messages (every field Alpaca sends), batched into
// frames, encoded once before anything is timed, in JSON (what tickwire reads by default) and MessagePack (what
// the official client asks for). Timestamps carry nanoseconds, as Alpaca's do.
import { encodeVenuePayload, VenueTimestamp } from '../../packages/connector-alpaca/src/testing/fake-alpaca-time';

/** A stream encoding. */
export type FeedEncoding = 'json' | 'msgpack';

/** The symbols of the feed: a full-size subscription on Alpaca's free IEX plan would be 30. */
export const FEED_SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'AMD', 'NFLX', 'INTC'];

// Distinct frames cycled through: enough that no cache sees the same bytes twice in a row.
const DISTINCT_FRAMES = 512;

/** `DISTINCT_FRAMES` frames of `batch` quotes each, encoded. */
export function buildQuoteFrames(encoding: FeedEncoding, batch: number): Buffer[] {
  const frames: Buffer[] = [];
  let sequence = 0;
  const baseSeconds = 1_709_303_400;
  for (let frame = 0; frame < DISTINCT_FRAMES; frame++) {
    const quotes: unknown[] = [];
    for (let index = 0; index < batch; index++, sequence++) {
      const symbol = FEED_SYMBOLS[sequence % FEED_SYMBOLS.length]!;
      const mid = 100 + (sequence % 997) / 100;
      quotes.push({
        T: 'q',
        S: symbol,
        bx: 'V',
        bp: Math.round((mid - 0.01) * 100) / 100,
        bs: 1 + (sequence % 9),
        ax: 'Q',
        ap: Math.round((mid + 0.01) * 100) / 100,
        as: 1 + (sequence % 7),
        c: ['R'],
        z: 'C',
        t: new VenueTimestamp(baseSeconds + Math.floor(sequence / 1000), (sequence % 1000) * 1_000_003),
      });
    }
    const encoded = encodeVenuePayload(quotes, encoding);
    frames.push(typeof encoded === 'string' ? Buffer.from(encoded) : Buffer.from(encoded));
  }
  return frames;
}
