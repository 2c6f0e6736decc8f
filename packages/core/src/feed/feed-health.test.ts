import { describe, expect, it } from 'vitest';
import { FeedHealth } from './feed-health';
import type { FeedHealthEvents } from './feed-health-events';
import { LastQuoteBook, quoteMid } from './last-quote-book';

const AAPL = 0x1234;
const MSFT = 0x5678;

function recorder(health: FeedHealth): Array<[string, unknown]> {
  const events: Array<[string, unknown]> = [];
  const types: Array<keyof FeedHealthEvents> = ['stale', 'fresh', 'gap', 'resynced', 'crossed', 'uncrossed'];
  for (const type of types) health.on(type, (event) => events.push([type, event]));
  return events;
}

describe('FeedHealth', () => {
  it('refuses a threshold that is not a positive number, saying what to pass', () => {
    expect(() => new FeedHealth({ staleAfterMs: 0 })).toThrow(/staleAfterMs must be a positive number.*got 0/);
  });

  it('is stale before the first tick and for unknown symbols, fresh within the threshold, stale after it', () => {
    const health = new FeedHealth({ staleAfterMs: 1_000 });
    health.registerSymbol(AAPL, { symbol: 'AAPL' });
    expect(health.isStale(AAPL, 0)).toBe(true);
    expect(health.isStale(MSFT, 0)).toBe(true);
    health.recordTick(AAPL, 10_000, 1, 2);
    expect(health.isStale(AAPL, 11_000)).toBe(false);
    expect(health.isStale(AAPL, 11_001)).toBe(true);
  });

  it('emits stale once from sweep, and fresh when the symbol ticks again', () => {
    const health = new FeedHealth({ staleAfterMs: 1_000 });
    const events = recorder(health);
    health.registerSymbol(AAPL, { symbol: 'AAPL', staleAfterMs: 500 });
    health.registerSymbol(MSFT, { symbol: 'MSFT' });
    health.recordTick(AAPL, 0, 1, 2);
    health.recordTick(MSFT, 0, 1, 2);
    expect(health.sweep(600)).toBe(1);
    expect(health.sweep(700)).toBe(1);
    expect(events).toEqual([
      ['stale', { symbolId: AAPL, symbol: 'AAPL', lastTickMs: 0, nowMs: 600, staleAfterMs: 500 }],
    ]);
    health.recordTick(AAPL, 900, 1, 2);
    expect(events[1]).toEqual(['fresh', { symbolId: AAPL, symbol: 'AAPL', timeMs: 900, silentForMs: 900 }]);
    expect(health.sweep(950)).toBe(0);
  });

  it('detects tick-sequence gaps across the u32 wrap, ignores old ticks, and clears after the next clean tick', () => {
    const health = new FeedHealth({ staleAfterMs: 1_000 });
    const events = recorder(health);
    health.recordTick(AAPL, 1, 1, 2, 0xfffffffe);
    health.recordTick(AAPL, 2, 1, 2, 0xffffffff);
    health.recordTick(AAPL, 3, 1, 2, 0);
    expect(health.isGapped(AAPL)).toBe(false);
    expect(health.recordTick(AAPL, 4, 1, 2, 0)).toBe(false);
    expect(health.recordTick(AAPL, 5, 1, 2, 3)).toBe(true);
    expect(health.isGapped(AAPL)).toBe(true);
    expect(events[0]).toEqual(['gap', { symbolId: AAPL, symbol: undefined, kind: 'tick', missed: 2, timeMs: 5 }]);
    health.recordTick(AAPL, 6, 1, 2, 4);
    expect(health.isGapped(AAPL)).toBe(false);
    expect(events[1]).toEqual(['resynced', { symbolId: AAPL, symbol: undefined, timeMs: 6, gappedForMs: 1 }]);
  });

  it('treats a GAP_BEFORE tick flag as a gap', () => {
    const health = new FeedHealth({ staleAfterMs: 1_000 });
    health.recordTick(AAPL, 1, 1, 2, -1, 0x04);
    expect(health.isGapped(AAPL)).toBe(true);
  });

  it('keeps a gap until markResynced when gapClearTicks is 0 (L2 books)', () => {
    const health = new FeedHealth({ staleAfterMs: 1_000, gapClearTicks: 0 });
    const events = recorder(health);
    expect(health.recordVenueSequence(AAPL, 100, 1)).toBe(true);
    expect(health.recordVenueSequence(AAPL, 101, 2)).toBe(true);
    expect(health.recordVenueSequence(AAPL, 101, 3)).toBe(false);
    expect(health.recordVenueSequence(AAPL, 105, 4)).toBe(true);
    expect(events[0]).toEqual(['gap', { symbolId: AAPL, symbol: undefined, kind: 'venue', missed: 3, timeMs: 4 }]);
    health.recordTick(AAPL, 5, 1, 2);
    health.recordTick(AAPL, 6, 1, 2);
    expect(health.isGapped(AAPL)).toBe(true);
    health.markResynced(AAPL, 10, 200);
    expect(health.isGapped(AAPL)).toBe(false);
    expect(health.recordVenueSequence(AAPL, 201, 11)).toBe(true);
    expect(events.map(([type]) => type)).toEqual(['gap', 'resynced']);
  });

  it('reports gaps found elsewhere', () => {
    const health = new FeedHealth({ staleAfterMs: 1_000, gapClearTicks: 0 });
    health.reportGap(MSFT, 5, 7);
    expect(health.isGapped(MSFT)).toBe(true);
    expect(health.isGapped(AAPL)).toBe(false);
  });

  it('emits crossed when bid rises above ask and uncrossed when it falls back', () => {
    const health = new FeedHealth({ staleAfterMs: 1_000 });
    const events = recorder(health);
    health.recordTick(AAPL, 1, 10, 11);
    health.recordTick(AAPL, 2, 11, 11);
    expect(health.isCrossed(AAPL)).toBe(false);
    health.recordTick(AAPL, 3, 11.5, 11);
    health.recordTick(AAPL, 4, 11.6, 11);
    expect(health.isCrossed(AAPL)).toBe(true);
    health.recordTick(AAPL, 5, 10.9, 11);
    expect(events).toEqual([
      ['crossed', { symbolId: AAPL, symbol: undefined, bid: 11.5, ask: 11, timeMs: 3 }],
      ['uncrossed', { symbolId: AAPL, symbol: undefined, bid: 10.9, ask: 11, timeMs: 5 }],
    ]);
  });

  it('grows past its initial capacity without losing state', () => {
    const health = new FeedHealth({ staleAfterMs: 1_000 });
    for (let id = 1; id <= 100; id++) health.recordTick(id, id, 1, 2, 0);
    for (let id = 1; id <= 100; id++) expect(health.lastTickTimeMs(id)).toBe(id);
    health.recordTick(50, 200, 1, 2, 2);
    expect(health.isGapped(50)).toBe(true);
    expect(health.isGapped(51)).toBe(false);
  });
});

describe('LastQuoteBook', () => {
  it('returns the same object per symbol and updates it in place, ignoring older quotes', () => {
    const quotes = new LastQuoteBook();
    const quote = quotes.quoteOf('AAPL');
    expect(quote.bid).toBeNaN();
    expect(quotes.update('AAPL', 10, 10.2, 5)).toBe(true);
    expect(quotes.quoteOf('AAPL')).toBe(quote);
    expect(quoteMid(quote)).toBeCloseTo(10.1);
    expect(quotes.update('AAPL', 9, 9.2, 4)).toBe(false);
    expect(quote.bid).toBe(10);
  });
});
