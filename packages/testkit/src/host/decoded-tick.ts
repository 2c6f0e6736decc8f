import { createTickRecord, decodeTick, type TickRecord } from '@tickwire/core';

/** A tick read back from the ring, with its time also as epoch milliseconds for easy comparison. */
export interface DecodedTick extends TickRecord {
  /** `epochSeconds * 1000 + nanoseconds / 1e6`: epoch milliseconds, precise to well under a microsecond. */
  readonly timestampMs: number;
}

/**
 * Decodes the 32-byte record at `byteOffset` into a new object. Allocates per tick: for tests and tools that keep
 * every tick, not for a hot consumer (use `decodeTick` with one reused record there).
 */
export function decodeTickToObject(view: DataView, byteOffset: number): DecodedTick {
  const record = createTickRecord();
  decodeTick(view, byteOffset, record);
  return { ...record, timestampMs: record.epochSeconds * 1000 + record.nanoseconds / 1e6 };
}
