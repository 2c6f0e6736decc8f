import { describe, expect, it } from 'vitest';
import { SpscRing } from '../ring/spsc-ring';
import { readTickFlags, readTickSequence, readTickSource } from '../tick/tick-decoder';
import { TickFlags } from '../tick/tick-flags';
import { RingTickWriter } from './ring-tick-writer';

function quote(writer: RingTickWriter, symbolId: number, bid: number, ask: number): boolean {
  const draft = writer.draft;
  draft.epochSeconds = 1_700_000_000;
  draft.nanoseconds = 5;
  draft.symbolId = symbolId;
  draft.bid = bid;
  draft.ask = ask;
  draft.volume = 100;
  draft.flags = 0;
  return writer.publish();
}

function drain(ring: SpscRing): { sequence: number; source: number; flags: number }[] {
  const seen: { sequence: number; source: number; flags: number }[] = [];
  ring.poll((view, offset) =>
    seen.push({
      sequence: readTickSequence(view, offset),
      source: readTickSource(view, offset),
      flags: readTickFlags(view, offset),
    }),
  );
  return seen;
}

describe('RingTickWriter', () => {
  it('stamps source and a per-symbol sequence that starts at 0', () => {
    const ring = SpscRing.create({ capacity: 16, overflow: 'drop-newest' });
    const writer = new RingTickWriter(
      ring,
      7,
      () => 0.01,
      () => {},
    );
    quote(writer, 1, 10, 10.01);
    quote(writer, 2, 20, 20.01);
    quote(writer, 1, 10, 10.02);
    expect(drain(ring)).toEqual([
      { sequence: 0, source: 7, flags: 0 },
      { sequence: 0, source: 7, flags: 0 },
      { sequence: 1, source: 7, flags: 0 },
    ]);
  });

  it('spends the sequence number of a dropped tick, so consumers see the gap', () => {
    const ring = SpscRing.create({ capacity: 2, overflow: 'drop-newest' });
    const writer = new RingTickWriter(
      ring,
      7,
      () => 0,
      () => {},
    );
    expect(quote(writer, 1, 10, 10.01)).toBe(true);
    expect(quote(writer, 1, 10, 10.01)).toBe(true);
    expect(quote(writer, 1, 10, 10.01)).toBe(false);
    expect(drain(ring).map((tick) => tick.sequence)).toEqual([0, 1]);
    expect(quote(writer, 1, 10, 10.01)).toBe(true);
    expect(drain(ring).map((tick) => tick.sequence)).toEqual([3]);
    expect(writer.counters).toEqual({ received: 4, published: 3, dropped: 1, refused: 0 });
    expect(ring.stats().dropped).toBe(1);
  });

  it('refuses an unencodable tick without publishing it or spending a sequence', () => {
    const ring = SpscRing.create({ capacity: 8, overflow: 'drop-newest' });
    const refused: string[] = [];
    const writer = new RingTickWriter(
      ring,
      7,
      () => 0.01,
      (error) => refused.push(error.message),
    );
    expect(quote(writer, 1, Number.POSITIVE_INFINITY, 10)).toBe(false);
    expect(quote(writer, 1, 10, 10.01)).toBe(true);
    expect(drain(ring).map((tick) => tick.sequence)).toEqual([0]);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('bid');
    expect(writer.counters.refused).toBe(1);
  });

  it('sets PRICE_INEXACT from the symbol increment', () => {
    const ring = SpscRing.create({ capacity: 8, overflow: 'drop-newest' });
    const writer = new RingTickWriter(
      ring,
      7,
      () => 0.01,
      () => {},
    );
    quote(writer, 1, 131_072.01, 131_072.02);
    expect(drain(ring)[0]!.flags & TickFlags.PRICE_INEXACT).toBe(TickFlags.PRICE_INEXACT);
  });
});
