// Builds real tick records with the codec, for the store's tests, crash child and Python fixture writer.
import { PriceGrid } from '../../tick/price-precision';
import { symbolIdOf } from '../../tick/symbol-id';
import { encodeTick } from '../../tick/tick-encoder';
import { createTickDraft } from '../../tick/tick-record';
import { bigIntToEpochTime } from '../../tick/tick-timestamp';

/** A stream of synthetic ticks: one symbol of one source, evenly spaced, prices on the increment's grid. */
export interface SampleStream {
  readonly symbol: string;
  readonly sourceId: number;
  readonly startNs: bigint;
  readonly stepNs: bigint;
  readonly basePrice: number;
  readonly priceIncrement: number;
}

/** 2024-03-15T00:00:00Z in ns. */
export const SAMPLE_DAY_START_NS = 1_710_460_800_000_000_000n;

/** The bid of tick `sequence` of a stream: walks the grid so every tick differs. */
export function sampleBid(stream: SampleStream, sequence: number): number {
  const grid = new PriceGrid(stream.priceIncrement);
  return grid.recover(stream.basePrice + ((sequence * 7) % 1000) * stream.priceIncrement);
}

/**
 * Encodes ticks `firstSequence .. firstSequence + count - 1` of `stream` into `target` from `byteOffset`.
 * The timestamp of tick n is `startNs + n * stepNs`, its sequence n, its ask one increment above the bid.
 */
export function encodeSampleTicks(
  target: Uint8Array,
  byteOffset: number,
  stream: SampleStream,
  firstSequence: number,
  count: number,
): void {
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  const draft = createTickDraft();
  const grid = new PriceGrid(stream.priceIncrement);
  const step = Number(stream.stepNs);
  draft.symbolId = symbolIdOf(stream.symbol);
  // BigInt once per call; then whole numbers, so a crash child can produce millions of ticks a second.
  bigIntToEpochTime(stream.startNs + BigInt(firstSequence) * stream.stepNs, draft);
  for (let index = 0; index < count; index++) {
    const sequence = firstSequence + index;
    draft.bid = grid.recover(stream.basePrice + ((sequence * 7) % 1000) * stream.priceIncrement);
    draft.ask = grid.recover(draft.bid + stream.priceIncrement);
    draft.volume = (sequence % 100) + 1;
    draft.flags = 0;
    encodeTick(view, byteOffset + index * 32, draft, stream.sourceId, sequence >>> 0, stream.priceIncrement);
    draft.nanoseconds += step;
    while (draft.nanoseconds >= 1_000_000_000) {
      draft.nanoseconds -= 1_000_000_000;
      draft.epochSeconds++;
    }
  }
}

/** `count` ticks of `stream` from sequence `firstSequence`, as a fresh buffer. */
export function sampleTicks(stream: SampleStream, firstSequence: number, count: number): Uint8Array {
  const bytes = new Uint8Array(count * 32);
  encodeSampleTicks(bytes, 0, stream, firstSequence, count);
  return bytes;
}
