import { describe, expect, it } from 'vitest';
import { RingError } from './ring-error';
import { HeaderWord, RING_HEADER_BYTES } from './ring-layout';
import { SpscRing } from './spsc-ring';

/** Publishes one record whose first word is `value` (and last word its complement); returns false if refused. */
function publish(ring: SpscRing, value: number): boolean {
  const offset = ring.claim();
  if (offset < 0) return false;
  ring.uint32[offset >> 2] = value;
  ring.uint32[(offset >> 2) + 7] = ~value;
  ring.commit();
  return true;
}

/**
 * Consumes with one poll of at most `maxRecords`, or without a limit until the ring is empty, and returns the
 * first words, checking each record's last word.
 */
function drain(ring: SpscRing, maxRecords?: number): number[] {
  const values: number[] = [];
  const handler = (view: DataView, offset: number): void => {
    const value = view.getUint32(offset, true);
    expect(view.getUint32(offset + 28, true)).toBe(~value >>> 0);
    values.push(value);
  };
  if (maxRecords !== undefined) ring.poll(handler, maxRecords);
  else while (ring.poll(handler) > 0);
  return values;
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (RingError.isInstance(error)) return error.code;
    throw error;
  }
  return 'nothing thrown';
}

/** A ring whose free-running head and tail start at `start`, as if that many records had already passed. */
function ringStartingAt(start: number, capacity: number, overflow: 'wait' | 'drop-newest' = 'wait'): SpscRing {
  const fresh = SpscRing.create({ capacity, overflow });
  const header = new Int32Array(fresh.buffer, 0, RING_HEADER_BYTES / 4);
  header[HeaderWord.head] = start | 0;
  header[HeaderWord.tail] = start | 0;
  return SpscRing.attach(fresh.buffer);
}

describe('SpscRing producer and consumer', () => {
  it('hands records over in order, one at a time and in polls of a chosen size', () => {
    const ring = SpscRing.create({ capacity: 8 });
    for (let value = 1; value <= 6; value++) expect(publish(ring, value)).toBe(true);
    expect(ring.available()).toBe(6);
    expect(drain(ring, 2)).toEqual([1, 2]);
    expect(drain(ring)).toEqual([3, 4, 5, 6]);
    expect(drain(ring)).toEqual([]);
  });

  it('gives zero-copy access through available, readOffset and release', () => {
    const ring = SpscRing.create({ capacity: 4 });
    publish(ring, 10);
    publish(ring, 11);
    expect(ring.available()).toBe(2);
    expect(ring.uint32[ring.readOffset(1) >> 2]).toBe(11);
    ring.release(1);
    expect(ring.available()).toBe(1);
    expect(ring.float32.length).toBe(4 * 8);
    expect(ring.bytes.byteLength).toBe(4 * 32);
    expect(drain(ring)).toEqual([11]);
  });

  it('wraps batch claims around the end of the slot region', () => {
    const ring = SpscRing.create({ capacity: 8 });
    for (let value = 0; value < 5; value++) publish(ring, value);
    expect(drain(ring)).toHaveLength(5);
    expect(ring.claimBatch(6)).toBe(6);
    expect(ring.contiguousClaimable()).toBe(3);
    const offsets = [0, 1, 2, 3, 4, 5].map((index) => ring.claimedOffset(index));
    expect(offsets).toEqual([5 * 32, 6 * 32, 7 * 32, 0, 32, 64]);
    offsets.forEach((offset, index) => {
      ring.uint32[offset >> 2] = 100 + index;
      ring.uint32[(offset >> 2) + 7] = ~(100 + index);
    });
    ring.commitBatch(6);
    expect(drain(ring)).toEqual([100, 101, 102, 103, 104, 105]);
  });

  it('keeps order and exact counts when the 32-bit head and tail wrap', () => {
    const start = 2 ** 32 - 40;
    const ring = ringStartingAt(start, 16);
    const received: number[] = [];
    for (let value = 0; value < 100; value += 4) {
      if (value % 8 === 0) {
        for (let step = 0; step < 4; step++) publish(ring, value + step);
      } else {
        expect(ring.claimBatch(4)).toBe(4);
        for (let step = 0; step < 4; step++) {
          const offset = ring.claimedOffset(step);
          ring.uint32[offset >> 2] = value + step;
          ring.uint32[(offset >> 2) + 7] = ~(value + step);
        }
        ring.commitBatch(4);
      }
      received.push(...drain(ring, 3), ...drain(ring));
    }
    expect(received).toEqual(Array.from({ length: 100 }, (_, index) => index));
    expect(ring.stats()).toMatchObject({ published: start + 100, consumed: start + 100, occupancy: 0 });
  });

  it('copies whole records with publishRecord, from aligned and unaligned sources', () => {
    const ring = SpscRing.create({ capacity: 4 });
    const source = new Uint8Array(100).map((_, index) => index);
    expect(ring.publishRecord(source, 4)).toBe(true);
    expect(ring.publishRecord(source, 33)).toBe(true);
    expect(ring.publishRecord(source.subarray(1), 0)).toBe(true);
    const records: number[][] = [];
    ring.poll((view, offset) => {
      records.push(Array.from(new Uint8Array(view.buffer, view.byteOffset + offset, 32)));
    });
    expect(records).toEqual([
      Array.from(source.subarray(4, 36)),
      Array.from(source.subarray(33, 65)),
      Array.from(source.subarray(1, 33)),
    ]);
    expect(codeOf(() => ring.publishRecord(source, 69))).toBe('RING_INVALID_OPTION');
    expect(codeOf(() => ring.publishRecord(source, -1))).toBe('RING_INVALID_OPTION');
  });

  it('shows releases to the producer in runs of capacity/16, when the ring runs dry, and on request', () => {
    const ring = SpscRing.create({ capacity: 64 });
    for (let value = 0; value < 10; value++) publish(ring, value);
    expect(drain(ring, 3)).toEqual([0, 1, 2]);
    expect(ring.stats().consumed).toBe(0);
    expect(drain(ring, 1)).toEqual([3]);
    expect(ring.stats().consumed).toBe(4);
    expect(drain(ring, 1)).toEqual([4]);
    ring.publishReleases();
    expect(ring.stats().consumed).toBe(5);
    expect(drain(ring, 2)).toEqual([5, 6]);
    expect(ring.stats().consumed).toBe(5);
    expect(drain(ring)).toEqual([7, 8, 9]);
    expect(ring.stats()).toMatchObject({ published: 10, consumed: 10, occupancy: 0 });
  });

  it('leaves the record a handler threw on at the front of the ring', () => {
    const ring = SpscRing.create({ capacity: 8 });
    for (let value = 0; value < 4; value++) publish(ring, value);
    const seen: number[] = [];
    expect(() =>
      ring.poll((view, offset) => {
        const value = view.getUint32(offset, true);
        if (value === 2 && seen.length === 2) throw new Error('handler failed');
        seen.push(value);
      }),
    ).toThrow('handler failed');
    expect(ring.stats().consumed).toBe(2);
    expect(drain(ring)).toEqual([2, 3]);
  });
});

describe('SpscRing claim protocol', () => {
  it('refuses a commit without a claim, and after a refused claim', () => {
    const ring = SpscRing.create({ capacity: 2, overflow: 'drop-newest' });
    expect(codeOf(() => ring.commit())).toBe('RING_CLAIM_MISUSE');
    publish(ring, 1);
    publish(ring, 2);
    expect(ring.claim()).toBe(-1);
    expect(codeOf(() => ring.commit())).toBe('RING_CLAIM_MISUSE');
    expect(ring.stats()).toMatchObject({ published: 2, dropped: 1 });
  });

  it('refuses batch counts outside 1..capacity and commits beyond the grant', () => {
    const ring = SpscRing.create({ capacity: 8 });
    expect(codeOf(() => ring.claimBatch(0))).toBe('RING_CLAIM_MISUSE');
    expect(codeOf(() => ring.claimBatch(9))).toBe('RING_CLAIM_MISUSE');
    expect(codeOf(() => ring.claimBatch(1.5))).toBe('RING_CLAIM_MISUSE');
    expect(ring.claimBatch(3)).toBe(3);
    expect(codeOf(() => ring.commitBatch(4))).toBe('RING_CLAIM_MISUSE');
    ring.commitBatch(2);
    expect(ring.stats().published).toBe(2);
  });

  it('refuses to release more than was seen', () => {
    const ring = SpscRing.create({ capacity: 8 });
    publish(ring, 1);
    expect(codeOf(() => ring.release(1))).toBe('RING_RELEASE_MISUSE');
    expect(ring.available()).toBe(1);
    expect(codeOf(() => ring.release(2))).toBe('RING_RELEASE_MISUSE');
    ring.release(1);
    expect(ring.stats().consumed).toBe(1);
  });
});

describe('SpscRing overflow and stats', () => {
  it("'drop-newest' refuses at once when full, keeps what is in the ring, and counts the drop", () => {
    const ring = SpscRing.create({ capacity: 4, overflow: 'drop-newest' });
    for (let value = 0; value < 4; value++) expect(publish(ring, value)).toBe(true);
    expect(publish(ring, 4)).toBe(false);
    expect(publish(ring, 5)).toBe(false);
    expect(ring.stats()).toMatchObject({ published: 4, dropped: 2, occupancy: 4, highWaterMark: 4, producerWaits: 0 });
    expect(drain(ring, 1)).toEqual([0]);
    expect(publish(ring, 6)).toBe(true);
    expect(drain(ring)).toEqual([1, 2, 3, 6]);
    expect(ring.stats()).toMatchObject({ published: 5, consumed: 5, dropped: 2, occupancy: 0 });
  });

  it("'drop-newest' grants the part of a batch that fits and counts the rest", () => {
    const ring = SpscRing.create({ capacity: 8, overflow: 'drop-newest' });
    for (let value = 0; value < 5; value++) publish(ring, value);
    expect(ring.claimBatch(6)).toBe(3);
    ring.commitBatch(3);
    expect(ring.stats()).toMatchObject({ published: 8, dropped: 3 });
  });

  it("'wait' gives up after its timeout, drops the record and counts the wait", () => {
    const ring = SpscRing.create({ capacity: 2, overflow: 'wait', waitTimeoutMs: 30 });
    publish(ring, 1);
    publish(ring, 2);
    const started = performance.now();
    expect(ring.claim()).toBe(-1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(ring.stats()).toMatchObject({ published: 2, dropped: 1, producerWaits: 1 });
  });

  it('keeps the dropped count exact across its 32-bit wrap', () => {
    const ring = SpscRing.create({ capacity: 2, overflow: 'drop-newest' });
    new Int32Array(ring.buffer, 0, RING_HEADER_BYTES / 4)[HeaderWord.droppedLow] = -2;
    const attached = SpscRing.attach(ring.buffer);
    publish(attached, 1);
    publish(attached, 2);
    for (let attempt = 0; attempt < 5; attempt++) expect(publish(attached, 3)).toBe(false);
    expect(attached.stats().dropped).toBe(2 ** 32 - 2 + 5);
  });

  it('reports the high-water mark and the same figures from every attached copy', () => {
    const ring = SpscRing.create({ capacity: 16 });
    const observer = SpscRing.attach(ring.buffer);
    for (let value = 0; value < 11; value++) publish(ring, value);
    drain(ring, 4);
    for (let value = 0; value < 3; value++) publish(ring, value);
    drain(ring);
    expect(observer.stats()).toEqual({
      capacity: 16,
      overflow: 'wait',
      published: 14,
      consumed: 14,
      dropped: 0,
      occupancy: 0,
      highWaterMark: 11,
      producerWaits: 0,
      closed: false,
    });
  });
});

describe('SpscRing close and consumer waits', () => {
  it('refuses and counts claims after close, while what was committed before stays readable', () => {
    const ring = SpscRing.create({ capacity: 8 });
    publish(ring, 1);
    publish(ring, 2);
    ring.close();
    ring.close();
    expect(ring.closed).toBe(true);
    expect(publish(ring, 3)).toBe(false);
    expect(ring.claimBatch(2)).toBe(0);
    expect(ring.stats()).toMatchObject({ published: 2, dropped: 3, closed: true });
    expect(ring.isDrained()).toBe(false);
    expect(ring.waitForData(0)).toBe('ready');
    expect(drain(ring)).toEqual([1, 2]);
    expect(ring.isDrained()).toBe(true);
    expect(ring.waitForData(1000)).toBe('closed');
  });

  it('times out a wait on an empty open ring', async () => {
    const ring = SpscRing.create({ capacity: 8 });
    expect(ring.waitForData(5)).toBe('timed-out');
    expect(await ring.waitForDataAsync(5)).toBe('timed-out');
    expect(ring.closed).toBe(false);
  });

  it('wakes an async waiter when a record is committed, then when the ring closes', async () => {
    const ring = SpscRing.create({ capacity: 8 });
    const header = new Int32Array(ring.buffer, 0, RING_HEADER_BYTES / 4);
    const firstWait = ring.waitForDataAsync(10_000);
    setTimeout(() => publish(ring, 7), 20);
    expect(await firstWait).toBe('ready');
    // The commit saw the waiting flag and rang the doorbell (rather than the wait noticing the record later).
    expect(header[HeaderWord.consumerDoorbell]).toBe(1);
    expect(drain(ring)).toEqual([7]);
    const secondWait = ring.waitForDataAsync(10_000);
    setTimeout(() => ring.close(), 20);
    expect(await secondWait).toBe('closed');
  });
});
