// The store writer's burst path: one stream's consecutive records copied into its file buffer at once.
import type { TickStream } from './tick-stream';

/** Runs of up to this many words (16 records) are copied lane by lane; longer ones with one `set`. */
const SMALL_RUN_WORDS = 16 * 8;

/**
 * Copies the run of records starting at `word` that belong to `stream` (same source and symbol, same day, while
 * the file has room and the buffer is not full) into its buffer; the first record is known to qualify. Returns
 * the word after the run; the caller writes the buffer when the run filled it. `lanes` is `words` as 64-bit
 * lanes. Scanning the run first lets a burst go in with one `set` (a memcpy) instead of a copy per record.
 */
export function copyStreamRun(
  stream: TickStream,
  words: Uint32Array,
  lanes: BigInt64Array,
  word: number,
  end: number,
  symbolId: number,
  sourceId: number,
): number {
  const appender = stream.appender!;
  const target = appender.bufferWords;
  const start = appender.pendingWords;
  const stop = Math.min(start + stream.room * 8, target.length);
  const dayEndHigh = stream.dayEndHigh;
  const dayEndLow = stream.dayEndLow;
  let runEnd = word + 8;
  let at = start + 8;
  while (at < stop && runEnd < end && words[runEnd + 2] === symbolId && (words[runEnd + 6]! & 0xff) === sourceId) {
    const high = words[runEnd + 1]!;
    if (high > dayEndHigh || (high === dayEndHigh && words[runEnd]! >= dayEndLow)) break;
    runEnd += 8;
    at += 8;
  }
  if (at - start > SMALL_RUN_WORDS) {
    target.set(words.subarray(word, runEnd), start);
  } else {
    // Four 64-bit lanes per record (`lanes` views the same memory as `words`; both 8-byte aligned).
    const targetLanes = appender.bufferLanes;
    for (let to = start >> 1, from = word >> 1, last = at >> 1; to < last; to += 4, from += 4) {
      targetLanes[to] = lanes[from]!;
      targetLanes[to + 1] = lanes[from + 1]!;
      targetLanes[to + 2] = lanes[from + 2]!;
      targetLanes[to + 3] = lanes[from + 3]!;
    }
  }
  appender.pendingWords = at;
  stream.room -= (at - start) >> 3;
  return runEnd;
}
