import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TickFlags } from '../tick/tick-flags';
import { SAMPLE_DAY_START_NS, type SampleStream, sampleTicks } from './__fixtures__/sample-ticks';
import { inspectTicks } from './inspect-ticks';
import { TickStoreWriter } from './tick-store-writer';

const euro: SampleStream = {
  symbol: 'EUR/USD',
  sourceId: 1,
  startNs: SAMPLE_DAY_START_NS,
  stepNs: 1_000_000n,
  basePrice: 1.08,
  priceIncrement: 0.00001,
};

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tickwire-inspect-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('inspectTicks', () => {
  it('reports counts, time range, sequence gaps and resets, flags, order and a torn tail', async () => {
    const ticks = sampleTicks(euro, 0, 100);
    const view = new DataView(ticks.buffer);
    view.setUint8(10 * 32 + 25, TickFlags.TRADE | TickFlags.SNAPSHOT); // flags of tick 10
    view.setUint8(11 * 32 + 25, TickFlags.TRADE);
    view.setUint32(50 * 32 + 28, 53, true); // a jump 49 -> 53 (3 missing), then 53 -> 51 (a reset)
    view.setUint32(60 * 32, view.getUint32(59 * 32, true) - 1, true); // tick 60 is earlier than tick 59
    const writer = new TickStoreWriter({ directory, symbols: [{ symbol: 'EUR/USD', priceIncrement: 0.00001 }] });
    writer.appendRecords(ticks, 0, 100);
    writer.close();
    const path = join(directory, 'truefx', 'EUR%2FUSD', '2024-03-15.tick');
    appendFileSync(path, new Uint8Array(5));

    const progress: number[] = [];
    const report = await inspectTicks(directory, { onProgress: (update) => progress.push(update.records) });
    expect(report.files).toHaveLength(1);
    const file = report.files[0]!;
    expect(file).toMatchObject({
      path,
      recordCount: 100,
      tornBytes: 5,
      firstTimestampNs: String(SAMPLE_DAY_START_NS),
      lastTimestampNs: String(SAMPLE_DAY_START_NS + 99_000_000n),
      firstTime: '2024-03-15T00:00:00.000000000Z',
      lastTime: '2024-03-15T00:00:00.099000000Z',
      sequenceGaps: 1,
      missingTicks: 3,
      gaps: [{ record: 50, previousSequence: 49, sequence: 53, missing: 3 }],
      sequenceResets: 1,
      outOfOrderTimestamps: 1,
      foreignRecords: 0,
    });
    expect(file.header).toMatchObject({
      symbol: 'EUR/USD',
      sourceName: 'truefx',
      priceIncrement: 0.00001,
      day: '2024-03-15',
    });
    expect(file.flagCounts).toMatchObject({ TRADE: 2, SNAPSHOT: 1, STALE: 0, RESERVED: 0 });
    expect(report.totals).toMatchObject({ files: 1, records: 100, tornBytes: 5, missingTicks: 3 });
    expect(progress.at(-1)).toBe(100);
    expect(() => JSON.stringify(report)).not.toThrow();
  });
});
