import { describe, expect, it } from 'vitest';
import { priceRoundTripsF32 } from './price-precision';
import { spreadBpsOf } from './spread';
import { decodeTick, readTickTimestampBigInt } from './tick-decoder';
import { encodeTick } from './tick-encoder';
import { TickFlags } from './tick-flags';
import { TICK_OFFSET_SPREAD_BPS, TICK_RECORD_SIZE } from './tick-layout';
import { createTickDraft, createTickRecord } from './tick-record';
import { readTimestampNs, TIMESTAMP_MAX_EPOCH_SECONDS, writeTimestampNs } from './tick-timestamp';

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

// encodeTick and decodeTick inline their arithmetic (so no double is boxed per tick); these tests hold them equal
// to the shared helpers that document each rule.
describe('encodeTick agrees with the helpers it inlines', () => {
  it('on 30,000 random ticks: spread, PRICE_INEXACT, timestamp halves and their decoding', () => {
    const random = createRandom(11);
    const view = new DataView(new ArrayBuffer(2 * TICK_RECORD_SIZE));
    const draft = createTickDraft();
    const record = createTickRecord();
    const time = { epochSeconds: 0, nanoseconds: 0 };
    const increments = [0.01, 0.00001, 0.25, 0.001, 5, 0.0078125];
    const disagreements: string[] = [];
    for (let count = 0; count < 30_000; count++) {
      const increment = increments[count % increments.length]!;
      const scale = 10 ** Math.floor(random() * 8 - 2);
      const base = Math.round((random() * scale) / increment) * increment;
      draft.epochSeconds = count % 5 === 0 ? Math.floor(random() * TIMESTAMP_MAX_EPOCH_SECONDS) : 1_700_000_000 + count;
      draft.nanoseconds = Math.floor(random() * 1e9);
      draft.symbolId = Math.floor(random() * 0x1_0000_0000);
      // Some sides missing, some off the grid, some crossed.
      draft.bid = count % 17 === 0 ? Number.NaN : count % 13 === 0 ? base + increment / 3 : base;
      draft.ask = count % 19 === 0 ? Number.NaN : base + Math.floor(random() * 5 - 1) * increment;
      draft.volume = random() * 1000;
      draft.flags = 0;
      const flags = encodeTick(view, 0, draft, 4, count, increment);

      const bidExact = Number.isNaN(draft.bid) || priceRoundTripsF32(draft.bid, increment);
      const askExact = Number.isNaN(draft.ask) || priceRoundTripsF32(draft.ask, increment);
      const expectedInexact = bidExact && askExact ? 0 : TickFlags.PRICE_INEXACT;
      const expectedSpread = spreadBpsOf(Math.fround(draft.bid), Math.fround(draft.ask));
      writeTimestampNs(view, TICK_RECORD_SIZE, draft.epochSeconds, draft.nanoseconds);
      readTimestampNs(view, TICK_RECORD_SIZE, time);
      decodeTick(view, 0, record);
      if (
        (flags & TickFlags.PRICE_INEXACT) !== expectedInexact ||
        view.getUint16(TICK_OFFSET_SPREAD_BPS, true) !== expectedSpread ||
        readTickTimestampBigInt(view, 0) !== view.getBigUint64(TICK_RECORD_SIZE, true) ||
        record.epochSeconds !== time.epochSeconds ||
        record.nanoseconds !== time.nanoseconds ||
        record.epochSeconds !== draft.epochSeconds ||
        record.nanoseconds !== draft.nanoseconds
      ) {
        disagreements.push(`${draft.bid}/${draft.ask} at ${increment}, t=${draft.epochSeconds}.${draft.nanoseconds}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
