// The benchmark's feed: real tick records, encoded once up front, so the measured run only copies them into the
// ring (as a connector's parser would fill slots) and the store's cost is what is measured.

import type { SpscRing } from '../../packages/core/src/ring/spsc-ring';
import { symbolIdOf } from '../../packages/core/src/tick/symbol-id';
import { encodeTick } from '../../packages/core/src/tick/tick-encoder';
import { createTickDraft } from '../../packages/core/src/tick/tick-record';

/** The symbols of the feed, one source each, interleaved tick by tick as a multi-symbol feed delivers them. */
export const FEED_SYMBOLS = [
  { symbol: 'EUR/USD', sourceId: 1, price: 1.0845, increment: 0.00001 },
  { symbol: 'USD/JPY', sourceId: 1, price: 151.234, increment: 0.001 },
  { symbol: 'AAPL', sourceId: 4, price: 172.5, increment: 0.01 },
  { symbol: 'BTC-USD', sourceId: 6, price: 64_000, increment: 0.01 },
] as const;

/** 2024-03-15T09:30:00Z: the whole feed stays inside one UTC day. */
const START_SECONDS = 1_710_495_000;

/**
 * `count` ticks, 100 ns apart, cycling through the symbols in runs of `runLength` ticks (1: strictly interleaved;
 * larger: bursts per symbol, as a busy venue sends them).
 */
export function buildFeed(count: number, runLength: number): Uint8Array {
  const bytes = new Uint8Array(count * 32);
  const view = new DataView(bytes.buffer);
  const draft = createTickDraft();
  const ids = FEED_SYMBOLS.map((entry) => symbolIdOf(entry.symbol));
  const sequences = FEED_SYMBOLS.map(() => 0);
  draft.epochSeconds = START_SECONDS;
  for (let index = 0; index < count; index++) {
    const which = Math.floor(index / runLength) % FEED_SYMBOLS.length;
    const entry = FEED_SYMBOLS[which]!;
    draft.nanoseconds = (index * 100) % 1_000_000_000;
    draft.epochSeconds = START_SECONDS + Math.floor((index * 100) / 1_000_000_000);
    draft.symbolId = ids[which]!;
    const step = sequences[which]! % 50;
    draft.bid = Math.round((entry.price + step * entry.increment) / entry.increment) * entry.increment;
    draft.ask = draft.bid + entry.increment;
    draft.volume = (index % 9) + 1;
    encodeTick(view, index * 32, draft, entry.sourceId, sequences[which]!, 0);
    sequences[which]!++;
  }
  return bytes;
}

/** Copies the feed into the ring in contiguous claims of up to `batch` records; returns the records accepted. */
export function publishFeed(ring: SpscRing, feed: Uint8Array, batch: number): number {
  const count = feed.length / 32;
  let offered = 0;
  let accepted = 0;
  while (offered < count) {
    const wanted = Math.min(count - offered, ring.contiguousClaimable(), batch);
    const granted = ring.claimBatch(wanted);
    if (granted > 0) {
      ring.bytes.set(feed.subarray(offered * 32, (offered + granted) * 32), ring.claimedOffset(0));
      ring.commitBatch(granted);
      accepted += granted;
    }
    offered += wanted;
  }
  return accepted;
}
