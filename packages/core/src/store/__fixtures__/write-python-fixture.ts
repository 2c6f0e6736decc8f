// Writes tick files through the real store (ring -> worker -> files) for python/tests/test_tick_file.py, and prints
// on stdout a JSON manifest of what every file must hold, with prices as the decimal strings that were encoded.
//
// Usage: node --import tsx packages/core/src/store/__fixtures__/write-python-fixture.ts <empty directory>
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpscRing } from '../../ring/spsc-ring';
import { symbolIdOf } from '../../tick/symbol-id';
import { encodeTick } from '../../tick/tick-encoder';
import { TickFlags } from '../../tick/tick-flags';
import { createTickDraft } from '../../tick/tick-record';
import { bigIntToEpochTime } from '../../tick/tick-timestamp';
import { listTickFiles } from '../tick-file-listing';
import { TickStore } from '../tick-store';
import { SAMPLE_DAY_START_NS } from './sample-ticks';

interface ManifestTick {
  timestamp_ns: string;
  sequence: number;
  bid: string | null;
  ask: string | null;
  volume: number;
  flags: number;
}

interface Instrument {
  readonly symbol: string;
  readonly sourceId: number;
  readonly increment: number;
  readonly decimals: number;
  readonly startNs: bigint;
  /** Prices in grid steps from 0 for tick n; null: that side is missing. */
  readonly steps: (n: number) => { bid: number | null; ask: number | null; trade: boolean };
}

const NS_PER_MS = 1_000_000n;
const midnight = SAMPLE_DAY_START_NS + 86_400_000_000_000n;
const instruments: Instrument[] = [
  // Crosses UTC midnight: 150 ticks on each day, so two files.
  {
    symbol: 'EUR/USD',
    sourceId: 1,
    increment: 0.00001,
    decimals: 5,
    startNs: midnight - 150n * NS_PER_MS,
    steps: (n) => ({ bid: 108_451 + (n % 37), ask: 108_453 + (n % 37), trade: false }),
  },
  // Above 131,072 an f32 cannot hold cents: PRICE_INEXACT. Every 10th tick has no ask.
  {
    symbol: 'BTC-USD',
    sourceId: 6,
    increment: 0.01,
    decimals: 2,
    startNs: SAMPLE_DAY_START_NS + 7n,
    steps: (n) => ({ bid: 15_000_001 + n, ask: n % 10 === 0 ? null : 15_000_101 + n, trade: false }),
  },
  // Trades: bid = ask = the trade price.
  {
    symbol: 'AAPL',
    sourceId: 4,
    increment: 0.01,
    decimals: 2,
    startNs: SAMPLE_DAY_START_NS + 3n,
    steps: (n) => ({ bid: 17_250 + (n % 50), ask: 17_250 + (n % 50), trade: true }),
  },
];
const TICKS_PER_SYMBOL = 300;

function decimal(steps: number | null, instrument: Instrument): string | null {
  return steps === null ? null : (steps / 10 ** instrument.decimals).toFixed(instrument.decimals);
}

async function main(): Promise<void> {
  const directory = process.argv[2];
  if (directory === undefined) throw new Error('usage: write-python-fixture.ts <directory>');
  const ring = SpscRing.create({ capacity: 1 << 12, waitTimeoutMs: 30_000 });
  const store = await TickStore.start({
    ring,
    directory,
    symbols: instruments.map((instrument) => ({ symbol: instrument.symbol, priceIncrement: instrument.increment })),
  });
  const expected = new Map<string, ManifestTick[]>();
  const draft = createTickDraft();
  for (let n = 0; n < TICKS_PER_SYMBOL; n++) {
    for (const instrument of instruments) {
      const { bid, ask, trade } = instrument.steps(n);
      const bidText = decimal(bid, instrument);
      const askText = decimal(ask, instrument);
      const timestampNs = instrument.startNs + BigInt(n) * NS_PER_MS;
      bigIntToEpochTime(timestampNs, draft);
      draft.symbolId = symbolIdOf(instrument.symbol);
      draft.bid = bidText === null ? Number.NaN : Number(bidText);
      draft.ask = askText === null ? Number.NaN : Number(askText);
      draft.volume = n + 0.5;
      draft.flags = trade ? TickFlags.TRADE : 0;
      const offset = ring.claim();
      if (offset < 0) throw new Error('ring refused a tick');
      const flags = encodeTick(ring.view, offset, draft, instrument.sourceId, n, instrument.increment);
      ring.commit();
      const list = expected.get(instrument.symbol) ?? [];
      list.push({ timestamp_ns: String(timestampNs), sequence: n, bid: bidText, ask: askText, volume: n + 0.5, flags });
      expected.set(instrument.symbol, list);
    }
  }
  ring.close();
  const stats = await store.closed;
  if (stats.ticksWritten !== TICKS_PER_SYMBOL * instruments.length)
    throw new Error(`stored ${stats.ticksWritten} ticks`);

  const files = listTickFiles(directory).files.map((file) => {
    const all = expected.get(file.header.symbol)!;
    const dayStart = file.header.dayStartNs;
    const dayEnd = dayStart + 86_400_000_000_000n;
    const ticks = all.filter((tick) => BigInt(tick.timestamp_ns) >= dayStart && BigInt(tick.timestamp_ns) < dayEnd);
    return {
      path: file.path,
      symbol: file.header.symbol,
      symbol_id: file.header.symbolId,
      source_id: file.header.sourceId,
      source_name: file.header.sourceName,
      price_increment: file.header.priceIncrement,
      day: file.header.day,
      ticks,
    };
  });
  // A crash mid-write leaves part of a record: readers must leave it out.
  const torn = join(directory, 'alpaca', 'AAPL', '2024-03-15.tick');
  appendFileSync(torn, new Uint8Array([1, 2, 3, 4, 5, 6, 7]));
  process.stdout.write(`${JSON.stringify({ files, torn: { path: torn, bytes: 7 } })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`write-python-fixture failed: ${String(error)}\n`);
  process.exit(1);
});
