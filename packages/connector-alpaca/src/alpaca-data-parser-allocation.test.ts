import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createConnectorContext,
  createTickDraft,
  NULL_MARKET_DATA_SINK,
  type TickDraft,
  TickSource,
  type TickWriter,
} from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { AlpacaDataParser } from './alpaca-data-parser';
import { AlpacaSymbolStates } from './alpaca-symbol-state';
import type { AlpacaDataMessage } from './alpaca-wire-types';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A writer that keeps a checksum instead of the ticks, so it allocates nothing itself. */
class ChecksumTickWriter implements TickWriter {
  readonly draft: TickDraft = createTickDraft();
  count = 0;
  checksum = 0;

  publish(): boolean {
    this.count++;
    this.checksum += this.draft.bid + this.draft.nanoseconds + this.draft.flags;
    return true;
  }
}

// What JSON.parse makes of Alpaca frames, made once: the parser's own work per message is what is measured.
const messages: AlpacaDataMessage[] = [];
for (let index = 0; index < 64; index++) {
  const symbol = ['AAPL', 'MSFT', 'NVDA', 'TSLA'][index % 4]!;
  const time = `2024-03-01T14:30:${String(index % 60).padStart(2, '0')}.${String(index * 15_625_001)
    .padStart(9, '0')
    .slice(0, 9)}Z`;
  messages.push(
    index % 5 === 0
      ? { T: 't', S: symbol, i: index, x: 'V', p: 100 + index / 100, s: 10, c: ['@'], t: time }
      : {
          T: 'q',
          S: symbol,
          bx: 'V',
          bp: 100 + index / 100,
          bs: 2,
          ax: 'V',
          ap: 100.02 + index / 100,
          as: 3,
          c: ['R'],
          t: time,
        },
  );
}

describe('AlpacaDataParser allocation', () => {
  it('writes quote and trade ticks without garbage: no collection in windows of 300k messages', async () => {
    const writer = new ChecksumTickWriter();
    const context = createConnectorContext({
      connectorId: 'alloc',
      tickSourceId: TickSource.ALPACA,
      tickWriter: writer,
      orderEvents: { emit: () => {} },
      overrides: { marketData: NULL_MARKET_DATA_SINK },
    });
    let data = 0;
    const parser = new AlpacaDataParser({
      context,
      states: new AlpacaSymbolStates(),
      streamName: 'alloc',
      onData: () => data++,
    });
    const run = (count: number) => {
      for (let index = 0; index < count; index++) parser.handle(messages[index & 63]!);
    };
    run(1_000_000);
    const collections: number[] = [];
    for (let window = 0; window < 3; window++) {
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 20));
      let seen = 0;
      const observer = new PerformanceObserver((list) => {
        seen += list.getEntries().length;
      });
      observer.observe({ entryTypes: ['gc'] });
      run(300_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
      observer.disconnect();
      collections.push(seen);
    }
    expect(writer.count).toBe(1_900_000);
    expect(data).toBe(1_900_000);
    expect(Number.isFinite(writer.checksum)).toBe(true);
    expect(collections).toEqual([0, 0, 0]);
  });
});
