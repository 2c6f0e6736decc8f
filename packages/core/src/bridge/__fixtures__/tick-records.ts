import {
  TICK_OFFSET_ASK,
  TICK_OFFSET_BID,
  TICK_OFFSET_FLAGS,
  TICK_OFFSET_SEQUENCE,
  TICK_OFFSET_SOURCE,
  TICK_OFFSET_SYMBOL_ID,
  TICK_OFFSET_TIMESTAMP_NS,
  TICK_OFFSET_VOLUME,
  TICK_RECORD_SIZE,
} from '../../tick/tick-layout';

/** One test tick; prices are chosen to be exact in f32. */
export interface TestTick {
  readonly source: number;
  readonly symbolId: number;
  readonly sequence: number;
  readonly bid?: number;
  readonly timestampNs?: bigint;
}

/** Encodes ticks as v1 records, straight from the layout table, independent of the codec under test. */
export function encodeTestTicks(ticks: readonly TestTick[], byteOffset = 0): Uint8Array {
  const bytes = new Uint8Array(byteOffset + ticks.length * TICK_RECORD_SIZE).subarray(byteOffset);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  ticks.forEach((tick, index) => {
    const at = index * TICK_RECORD_SIZE;
    view.setBigUint64(
      at + TICK_OFFSET_TIMESTAMP_NS,
      tick.timestampNs ?? 1_700_000_000_000_000_000n + BigInt(index),
      true,
    );
    view.setUint32(at + TICK_OFFSET_SYMBOL_ID, tick.symbolId >>> 0, true);
    view.setFloat32(at + TICK_OFFSET_BID, tick.bid ?? 100 + (index % 64) / 4, true);
    view.setFloat32(at + TICK_OFFSET_ASK, (tick.bid ?? 100 + (index % 64) / 4) + 0.25, true);
    view.setFloat32(at + TICK_OFFSET_VOLUME, 1, true);
    view.setUint8(at + TICK_OFFSET_SOURCE, tick.source);
    view.setUint8(at + TICK_OFFSET_FLAGS, 0);
    view.setUint32(at + TICK_OFFSET_SEQUENCE, tick.sequence >>> 0, true);
  });
  return bytes;
}

/** Reads (source, symbol id, sequence) of every record, for assertions. */
export function decodeTestTicks(records: Uint8Array): { source: number; symbolId: number; sequence: number }[] {
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const ticks = [];
  for (let at = 0; at < records.byteLength; at += TICK_RECORD_SIZE) {
    ticks.push({
      source: view.getUint8(at + TICK_OFFSET_SOURCE),
      symbolId: view.getUint32(at + TICK_OFFSET_SYMBOL_ID, true),
      sequence: view.getUint32(at + TICK_OFFSET_SEQUENCE, true),
    });
  }
  return ticks;
}

/**
 * `perSymbol` ticks for each symbol id, interleaved round-robin (as a real feed interleaves symbols), with
 * sequences starting at `firstSequence` (wrapping at 2^32).
 */
export function interleavedTicks(
  source: number,
  symbolIds: readonly number[],
  perSymbol: number,
  firstSequence = 1,
): TestTick[] {
  const ticks: TestTick[] = [];
  for (let round = 0; round < perSymbol; round++) {
    for (const symbolId of symbolIds) ticks.push({ source, symbolId, sequence: (firstSequence + round) >>> 0 });
  }
  return ticks;
}
