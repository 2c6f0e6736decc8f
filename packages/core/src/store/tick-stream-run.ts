// The store writer's burst path: one stream's consecutive records copied into its file buffer at once.
import type { TickStream } from './tick-stream';

/** Runs of up to this many words (16 records) are copied word by word; longer ones with one `set`. */
const SMALL_RUN_WORDS = 16 * 8;

/**
 * Copies the run of records starting at `word` that belong to `stream` (same source and symbol, same day, while
 * the file has room and the buffer is not full) into its buffer; the first record is known to qualify. Returns
 * the word after the run; the caller writes the buffer when the run filled it. Scanning the run first lets a
 * burst go in with one `set` (a memcpy) instead of eight word copies per record.
 */
export function copyStreamRun(
  stream: TickStream,
  words: Uint32Array,
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
    for (let to = start; to < at; to += 8, word += 8) {
      target[to] = words[word]!;
      target[to + 1] = words[word + 1]!;
      target[to + 2] = words[word + 2]!;
      target[to + 3] = words[word + 3]!;
      target[to + 4] = words[word + 4]!;
      target[to + 5] = words[word + 5]!;
      target[to + 6] = words[word + 6]!;
      target[to + 7] = words[word + 7]!;
    }
  }
  appender.pendingWords = at;
  stream.room -= (at - start) >> 3;
  return runEnd;
}
