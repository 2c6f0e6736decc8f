// A 64-bit counter kept as two Int32 words, so the hot path never touches BigInt. The low word changes on every
// update with a single store; the high word changes once every 2^32 and only inside a version bracket (a tiny
// seqlock), which is what lets another thread read a consistent pair without a lock.

const TWO_POW_32 = 2 ** 32;
// Readers give up after this many torn reads (only possible if the writer thread died mid-bracket).
const MAX_READ_ATTEMPTS = 1000;

/** Reads a wide counter from any thread: `high * 2^32 + (low as unsigned)`, consistent across a low-word wrap. */
export function readWideCounter(header: Int32Array, lowIndex: number, highIndex: number, versionIndex: number): number {
  let value = 0;
  for (let attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
    const versionBefore = Atomics.load(header, versionIndex);
    const high = Atomics.load(header, highIndex) >>> 0;
    const low = Atomics.load(header, lowIndex) >>> 0;
    value = high * TWO_POW_32 + low;
    if ((versionBefore & 1) === 0 && Atomics.load(header, versionIndex) === versionBefore) return value;
  }
  return value;
}

/**
 * Stores a new low word whose unsigned value wrapped past 2^32, with the matching high word, inside a version
 * bracket. Only the counter's single writer may call it.
 */
export function storeWideCounterAcrossWrap(
  header: Int32Array,
  lowIndex: number,
  highIndex: number,
  versionIndex: number,
  low: number,
  high: number,
): void {
  Atomics.add(header, versionIndex, 1);
  Atomics.store(header, lowIndex, low);
  Atomics.store(header, highIndex, high);
  Atomics.add(header, versionIndex, 1);
}

/** Splits a non-negative integer below 2^53 into the high word of a wide counter. */
export function highWordOf(total: number): number {
  return Math.floor(total / TWO_POW_32) | 0;
}
