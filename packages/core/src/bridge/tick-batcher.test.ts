import { describe, expect, it } from 'vitest';
import { decodeTestTicks, encodeTestTicks, interleavedTicks } from './__fixtures__/tick-records';
import { readTickBatchHeader, tickBatchRecords, tickTopic } from './tick-batch-header';
import { TickBatcher } from './tick-batcher';

interface SentBatch {
  topic: string;
  payload: Uint8Array;
  count: number;
}

function collectingBatcher(maxBatchRecords: number, maxBatchDelayMicros: number, nowMs?: () => number) {
  const sent: SentBatch[] = [];
  const batcher = new TickBatcher({
    maxBatchRecords,
    maxBatchDelayMicros,
    sessionId: 0xdeadbeef,
    sink: (topic, payload, count) => sent.push({ topic: topic.toString(), payload, count }),
    ...(nowMs === undefined ? {} : { nowMs }),
  });
  return { batcher, sent };
}

describe('TickBatcher', () => {
  it('cuts interleaved ticks into per-(source, symbol) batches of at most maxBatchRecords', () => {
    const { batcher, sent } = collectingBatcher(4, 0);
    batcher.add(encodeTestTicks(interleavedTicks(7, [0xa, 0xb], 10)), 20);
    expect(sent.map((batch) => [batch.topic, batch.count])).toEqual([
      ['t.7.0000000a', 4],
      ['t.7.0000000b', 4],
      ['t.7.0000000a', 4],
      ['t.7.0000000b', 4],
      ['t.7.0000000a', 2],
      ['t.7.0000000b', 2],
    ]);
    for (const symbolId of [0xa, 0xb]) {
      const batches = sent.filter((batch) => batch.topic === tickTopic(7, symbolId));
      const headers = batches.map((batch) => readTickBatchHeader(batch.payload));
      expect(headers.map((header) => header.batchSequence)).toEqual([0, 1, 2]);
      expect(headers.every((header) => header.sessionId === 0xdeadbeef && header.protocolVersion === 1)).toBe(true);
      const sequences = batches.flatMap((batch, index) =>
        decodeTestTicks(tickBatchRecords(batch.payload, headers[index]!)).map((tick) => tick.sequence),
      );
      expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
  });

  it('keeps sources apart even when the symbol id is the same', () => {
    const { batcher, sent } = collectingBatcher(8, 0);
    batcher.add(encodeTestTicks([...interleavedTicks(1, [5], 2), ...interleavedTicks(200, [5], 3)]), 5);
    expect(sent.map((batch) => [batch.topic, batch.count])).toEqual([
      ['t.1.00000005', 2],
      ['t.200.00000005', 3],
    ]);
  });

  it('holds partial batches until maxBatchDelayMicros passes, checked on the next add', () => {
    let now = 1000;
    const { batcher, sent } = collectingBatcher(100, 500, () => now);
    batcher.add(encodeTestTicks(interleavedTicks(7, [1], 20)), 20);
    expect(sent).toHaveLength(0);
    expect(batcher.pendingRecords).toBe(20);
    now += 0.4;
    batcher.add(encodeTestTicks(interleavedTicks(7, [2], 20)), 20);
    expect(sent).toHaveLength(0);
    now += 0.2;
    batcher.add(encodeTestTicks(interleavedTicks(7, [3], 20)), 20);
    expect(sent.map((batch) => [batch.topic, batch.count])).toEqual([['t.7.00000001', 20]]);
    expect(batcher.pendingRecords).toBe(40);
    batcher.close();
  });

  it('reads the clock only every 16th small call, so one-record calls stay cheap', () => {
    let now = 0;
    let clockReads = 0;
    const { batcher, sent } = collectingBatcher(100, 500, () => {
      clockReads++;
      return now;
    });
    const one = encodeTestTicks(interleavedTicks(7, [1], 1));
    for (let call = 0; call < 15; call++) batcher.addOne(one, 0);
    expect(clockReads).toBe(0);
    now = 10;
    batcher.addOne(one, 0); // the 16th call reads the clock: the batch opened "at 0" is now old
    expect(clockReads).toBe(1);
    expect(sent.map((batch) => batch.count)).toEqual([16]);
    batcher.close();
  });

  it('adds single records at an offset of a long-lived array, as a ring hands them out', () => {
    const { batcher, sent } = collectingBatcher(4, 1_000_000);
    const ring = encodeTestTicks(interleavedTicks(7, [1, 2], 4), 0);
    for (let slot = 0; slot < 8; slot++) batcher.addOne(ring, slot * 32);
    expect(sent.map((batch) => [batch.topic, batch.count])).toEqual([
      ['t.7.00000001', 4],
      ['t.7.00000002', 4],
    ]);
    const unaligned = encodeTestTicks(interleavedTicks(7, [9], 1), 1);
    batcher.addOne(unaligned, 0);
    batcher.flush();
    expect(decodeTestTicks(tickBatchRecords(sent[2]!.payload, readTickBatchHeader(sent[2]!.payload)))).toEqual([
      { source: 7, symbolId: 9, sequence: 1 },
    ]);
    expect(() => batcher.addOne(ring, ring.byteLength - 16)).toThrow(/a 32-byte record must fit/);
  });

  it('sends an aged partial batch from its timer when no more ticks arrive', async () => {
    const { batcher, sent } = collectingBatcher(100, 1000);
    batcher.add(encodeTestTicks(interleavedTicks(7, [1], 3)), 3);
    expect(sent).toHaveLength(0);
    const deadline = Date.now() + 2000;
    while (sent.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(sent.map((batch) => batch.count)).toEqual([3]);
    batcher.close();
  });

  it('flush() sends every partial batch and close() refuses more records', () => {
    const { batcher, sent } = collectingBatcher(100, 1_000_000);
    batcher.add(encodeTestTicks(interleavedTicks(7, [1, 2, 3], 2)), 6);
    batcher.flush();
    expect(sent.map((batch) => batch.count)).toEqual([2, 2, 2]);
    batcher.close();
    expect(() => batcher.add(encodeTestTicks(interleavedTicks(7, [1], 1)), 1)).toThrow(/after the bridge stopped/);
  });

  it.each([3, 4])('reads records at a byte offset of %i (not 8-byte aligned) correctly', (offset) => {
    const { batcher, sent } = collectingBatcher(16, 0);
    const ticks = interleavedTicks(3, [0xfffffff0], 5, 0xfffffffe);
    batcher.add(encodeTestTicks(ticks, offset), 5);
    expect(sent).toHaveLength(1);
    const header = readTickBatchHeader(sent[0]!.payload);
    expect(decodeTestTicks(tickBatchRecords(sent[0]!.payload, header))).toEqual(
      ticks.map((tick) => ({ source: 3, symbolId: 0xfffffff0, sequence: tick.sequence })),
    );
  });

  it('never writes into a payload once it was handed to the sink, partial batches included', () => {
    const { batcher, sent } = collectingBatcher(4, 0);
    batcher.add(encodeTestTicks(interleavedTicks(7, [1], 4, 1)), 4); // full
    batcher.add(encodeTestTicks(interleavedTicks(7, [1, 2], 1, 5)), 2); // two partial batches
    batcher.add(encodeTestTicks(interleavedTicks(7, [3], 3, 9)), 3); // partial, after a give-back of the slab
    const copies = sent.map((batch) => Buffer.from(batch.payload));
    batcher.add(encodeTestTicks(interleavedTicks(7, [1, 2, 3, 4], 40, 100)), 160);
    for (const [index, batch] of sent.slice(0, copies.length).entries()) {
      expect(Buffer.from(batch.payload).equals(copies[index]!)).toBe(true);
    }
    const regions = sent.map(
      (batch) => [batch.payload.buffer, batch.payload.byteOffset, batch.payload.byteLength] as const,
    );
    for (const [index, [buffer, offset, length]] of regions.entries()) {
      for (const [other, otherOffset, otherLength] of regions.slice(index + 1)) {
        const overlap = buffer === other && offset < otherOffset + otherLength && otherOffset < offset + length;
        expect(overlap).toBe(false);
      }
    }
  });

  it('refuses a count larger than the bytes given, and bad batch settings', () => {
    const { batcher } = collectingBatcher(4, 0);
    expect(() => batcher.add(new Uint8Array(64), 3)).toThrow(/count 3 but 64 bytes/);
    expect(() => collectingBatcher(0, 0)).toThrow(/maxBatchRecords/);
    expect(() => collectingBatcher(4, -1)).toThrow(/maxBatchDelayMicros/);
  });
});
