import type { Fill } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { FillJournal } from './fill-journal';

function fillAt(timestampMs: number): Fill {
  return {
    executionId: `E${timestampMs}`,
    clientOrderId: 'o',
    symbol: 'SIM-A',
    side: 'buy',
    quantity: 1,
    price: 1,
    timestampMs,
  };
}

describe('FillJournal', () => {
  it('returns the fills at or after a time, oldest first', () => {
    const journal = new FillJournal();
    for (const time of [10, 20, 20, 30, 40]) journal.record(fillAt(time));
    expect(journal.since(20).map((fill) => fill.timestampMs)).toEqual([20, 20, 30, 40]);
    expect(journal.since(41)).toEqual([]);
    expect(journal.since(0)).toHaveLength(5);
  });

  it('forgets the oldest fills beyond its capacity', () => {
    const journal = new FillJournal(3);
    for (let time = 1; time <= 10; time++) journal.record(fillAt(time));
    expect(journal.size).toBe(3);
    expect(journal.since(0).map((fill) => fill.timestampMs)).toEqual([8, 9, 10]);
  });
});
