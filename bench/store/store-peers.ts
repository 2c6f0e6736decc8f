// The peers the store is measured against, in the same run, on the same records.
import { appendFileSync, closeSync, openSync, readSync, writeSync } from 'node:fs';
import { decodeTick } from '../../packages/core/src/tick/tick-decoder';
import { createTickRecord } from '../../packages/core/src/tick/tick-record';

const CHUNK_BYTES = 64 * 1024;

/**
 * The limit: one thread writing the feed's bytes to one file with `writeSync` in 64 KiB chunks, nothing else
 * (no ring, no routing, no headers). Returns the elapsed ms.
 */
export function rawWrite(path: string, feed: Uint8Array): number {
  const startedAt = performance.now();
  const fd = openSync(path, 'w');
  for (let offset = 0; offset < feed.length; offset += CHUNK_BYTES) {
    const length = Math.min(CHUNK_BYTES, feed.length - offset);
    let written = 0;
    while (written < length) written += writeSync(fd, feed, offset + written, length - written);
  }
  closeSync(fd);
  return performance.now() - startedAt;
}

/**
 * What people write first: each tick decoded to an object and appended as one JSON line with `appendFileSync`.
 * Returns the elapsed ms for `count` ticks of the feed.
 */
export function jsonLinesAppend(path: string, feed: Uint8Array, count: number): number {
  const view = new DataView(feed.buffer, feed.byteOffset, feed.byteLength);
  const record = createTickRecord();
  const startedAt = performance.now();
  for (let index = 0; index < count; index++) {
    decodeTick(view, index * 32, record);
    appendFileSync(path, `${JSON.stringify(record)}\n`);
  }
  return performance.now() - startedAt;
}

/** The read limit: `readSync` of 64 KiB chunks over the files, touching nothing. Returns the elapsed ms. */
export function rawRead(paths: readonly string[]): { elapsedMs: number; bytes: number } {
  const chunk = new Uint8Array(CHUNK_BYTES);
  let bytes = 0;
  const startedAt = performance.now();
  for (const path of paths) {
    const fd = openSync(path, 'r');
    for (;;) {
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      bytes += read;
    }
    closeSync(fd);
  }
  return { elapsedMs: performance.now() - startedAt, bytes };
}
