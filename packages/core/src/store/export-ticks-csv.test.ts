import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { symbolIdOf } from '../tick/symbol-id';
import { encodeTick } from '../tick/tick-encoder';
import { TickFlags } from '../tick/tick-flags';
import { createTickDraft } from '../tick/tick-record';
import { exportTicksCsv, TICK_CSV_COLUMNS } from './export-ticks-csv';
import { TickStoreWriter } from './tick-store-writer';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tickwire-export-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

async function exportToText(path: string): Promise<{ text: string; rows: number }> {
  const sink = new PassThrough();
  const chunks: string[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const rows = await exportTicksCsv(path, sink);
  return { text: chunks.join(''), rows };
}

describe('exportTicksCsv', () => {
  it('writes exact grid prices, ISO times with nanoseconds, flags and empty missing sides', async () => {
    const records = new Uint8Array(3 * 32);
    const view = new DataView(records.buffer);
    const draft = createTickDraft();
    draft.epochSeconds = 1_710_495_000;
    draft.nanoseconds = 123_456_789;
    draft.symbolId = symbolIdOf('EUR/USD');
    draft.bid = 1.08451;
    draft.ask = 1.08453;
    draft.volume = 1_000_000;
    encodeTick(view, 0, draft, 1, 7, 0.00001);
    draft.symbolId = symbolIdOf('BTC-USD');
    draft.nanoseconds = 500_000_000;
    draft.bid = 64_123.45;
    draft.ask = Number.NaN;
    draft.volume = 0.25;
    encodeTick(view, 32, draft, 6, 8, 0.01);
    draft.symbolId = symbolIdOf('EUR/USD');
    draft.nanoseconds = 999_999_999;
    draft.bid = 1.0845;
    draft.ask = 1.0845;
    draft.volume = 2;
    draft.flags = TickFlags.TRADE;
    encodeTick(view, 64, draft, 1, 8, 0.00001);
    const writer = new TickStoreWriter({
      directory,
      symbols: [
        { symbol: 'EUR/USD', priceIncrement: 0.00001 },
        { symbol: 'BTC-USD', priceIncrement: 0.01 },
      ],
    });
    writer.appendRecords(records, 0, 3);
    writer.close();

    const { text, rows } = await exportToText(directory);
    expect(rows).toBe(3);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(TICK_CSV_COLUMNS.join(','));
    expect(lines.slice(1)).toEqual([
      // Spread 0.00002 / 1.08452 = 0.184 bps, stored in tenths: 2.
      '1710495000123456789,2024-03-15T09:30:00.123456789Z,1,EUR/USD,1.08451,1.08453,1000000,0,-,2,7',
      // The f32 of 64123.45 is 64123.449219; the grid brings back the exact price. A missing side: empty, 65535.
      `1710495000500000000,2024-03-15T09:30:00.500000000Z,6,BTC-USD,64123.45,,0.25,${TickFlags.ASK_MISSING},ASK_MISSING,65535,8`,
      `1710495000999999999,2024-03-15T09:30:00.999999999Z,1,EUR/USD,1.08450,1.08450,2,${TickFlags.TRADE},TRADE,0,8`,
    ]);
  });
});
