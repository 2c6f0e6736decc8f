// Builds real tick records with the codec, for the store's tests, crash child and Python fixture writer.
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
  const steps = (sequence * 7) % 1000;
  return Number((stream.basePrice + steps * stream.priceIncrement).toFixed(10));
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
  draft.symbolId = symbolIdOf(stream.symbol);
  for (let index = 0; index < count; index++) {
    const sequence = firstSequence + index;
    bigIntToEpochTime(stream.startNs + BigInt(sequence) * stream.stepNs, draft);
    draft.bid = sampleBid(stream, sequence);
    draft.ask = Number((draft.bid + stream.priceIncrement).toFixed(10));
    draft.volume = (sequence % 100) + 1;
    draft.flags = 0;
    encodeTick(view, byteOffset + index * 32, draft, stream.sourceId, sequence >>> 0, stream.priceIncrement);
  }
}

/** `count` ticks of `stream` from sequence `firstSequence`, as a fresh buffer. */
export function sampleTicks(stream: SampleStream, firstSequence: number, count: number): Uint8Array {
  const bytes = new Uint8Array(count * 32);
  encodeSampleTicks(bytes, 0, stream, firstSequence, count);
  return bytes;
}
