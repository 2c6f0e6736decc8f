import type { TickBatch } from './tick-batch';
import type { TickStreamFiles } from './tick-file-listing';
import { TickStreamCursor, type TickTimeRange } from './tick-stream-cursor';

/**
 * Merges several source + symbol chains into one time-ordered sequence: a k-way merge over a binary min-heap
 * keyed by `(timestamp_ns, stream position)`, so equal timestamps come out in a stable order (the order of the
 * streams given). Records are copied word by word into the caller's batch; nothing is allocated per tick.
 */
export class TickMerger {
  private readonly cursors: TickStreamCursor[] = [];
  /** Cursor numbers, a min-heap on each cursor's current record. */
  private readonly heap: number[] = [];
  // Each cursor's current timestamp halves, kept in typed arrays so heap comparisons touch no cursor object.
  private readonly keyHigh: Uint32Array;
  private readonly keyLow: Uint32Array;

  constructor(streams: readonly TickStreamFiles[], range: TickTimeRange, chunkRecords: number) {
    this.keyHigh = new Uint32Array(streams.length);
    this.keyLow = new Uint32Array(streams.length);
    for (const stream of streams) {
      const cursor = new TickStreamCursor(stream.files, range, chunkRecords);
      const number = this.cursors.push(cursor) - 1;
      if (cursor.refill()) {
        this.keyHigh[number] = cursor.high;
        this.keyLow[number] = cursor.low;
        this.push(number);
      }
    }
  }

  /** Copies up to `capacity` next records into `batch.words` from record 0; returns how many (0 when done). */
  fill(batch: TickBatch, capacity: number): number {
    const heap = this.heap;
    const cursors = this.cursors;
    const target = batch.words;
    let filled = 0;
    const keyHigh = this.keyHigh;
    const keyLow = this.keyLow;
    while (filled < capacity && heap.length > 0) {
      const number = heap[0]!;
      const cursor = cursors[number]!;
      let from = cursor.index * 8;
      const to = filled * 8;
      const source = cursor.words;
      target[to] = source[from]!;
      target[to + 1] = source[from + 1]!;
      target[to + 2] = source[from + 2]!;
      target[to + 3] = source[from + 3]!;
      target[to + 4] = source[from + 4]!;
      target[to + 5] = source[from + 5]!;
      target[to + 6] = source[from + 6]!;
      target[to + 7] = source[from + 7]!;
      filled++;
      cursor.index++;
      if (cursor.index === cursor.count && !cursor.refill()) {
        const last = heap.pop()!;
        if (heap.length === 0) break;
        heap[0] = last;
      } else {
        from = cursor.index * 8;
        keyHigh[number] = cursor.words[from + 1]!;
        keyLow[number] = cursor.words[from]!;
      }
      this.siftDown(0);
    }
    batch.count = filled;
    batch.file = undefined;
    return filled;
  }

  /** Closes every file still open. */
  close(): void {
    for (const cursor of this.cursors) cursor.close();
    this.heap.length = 0;
  }

  private less(left: number, right: number): boolean {
    const aHigh = this.keyHigh[left]!;
    const bHigh = this.keyHigh[right]!;
    if (aHigh !== bHigh) return aHigh < bHigh;
    const aLow = this.keyLow[left]!;
    const bLow = this.keyLow[right]!;
    return aLow !== bLow ? aLow < bLow : left < right;
  }

  private push(number: number): void {
    const heap = this.heap;
    heap.push(number);
    let child = heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.less(heap[child]!, heap[parent]!)) break;
      const swap = heap[parent]!;
      heap[parent] = heap[child]!;
      heap[child] = swap;
      child = parent;
    }
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const size = heap.length;
    let parent = start;
    for (;;) {
      const left = parent * 2 + 1;
      if (left >= size) return;
      const right = left + 1;
      const smaller = right < size && this.less(heap[right]!, heap[left]!) ? right : left;
      if (!this.less(heap[smaller]!, heap[parent]!)) return;
      const swap = heap[parent]!;
      heap[parent] = heap[smaller]!;
      heap[smaller] = swap;
      parent = smaller;
    }
  }
}
