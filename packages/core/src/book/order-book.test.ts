import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../oms/__fixtures__/seeded-random';
import type { TickDraft } from '../tick/tick-writer';
import { writeBookTop } from './book-top-to-tick';
import { type BookResyncRequest, type BookSideName, OrderBook } from './order-book';

function readyBook(requests: BookResyncRequest[] = []): OrderBook {
  const book = new OrderBook({
    symbol: 'BTC-USD',
    requestResync: (request) => requests.push(request),
    initialCapacity: 4,
  });
  book.applySnapshot({
    bids: [
      [100, 1],
      [99.5, 2],
      [99, 3],
    ],
    asks: [
      [100.5, 1],
      [101, 2],
    ],
    sequence: 10,
  });
  return book;
}

function sortedLevels(levels: Map<number, number>, descending: boolean): Array<[number, number]> {
  return [...levels.entries()].sort((left, right) => (descending ? right[0] - left[0] : left[0] - right[0]));
}

describe('OrderBook', () => {
  it('builds from a snapshot with sorted levels and best bid/ask', () => {
    const book = readyBook();
    expect(book.needsResync).toBe(false);
    expect(book.bestBid).toBe(100);
    expect(book.bestAsk).toBe(100.5);
    expect(book.bestBidQuantity).toBe(1);
    expect(book.topLevels(2)).toEqual({
      symbol: 'BTC-USD',
      bids: [
        { price: 100, quantity: 1 },
        { price: 99.5, quantity: 2 },
      ],
      asks: [
        { price: 100.5, quantity: 1 },
        { price: 101, quantity: 2 },
      ],
      sequence: 10,
    });
  });

  it('applies incremental updates: insert, change, and quantity 0 removes the level', () => {
    const book = readyBook();
    expect(book.applyUpdate('bid', 100.25, 4)).toBe(true);
    expect(book.bestBid).toBe(100.25);
    expect(book.applyUpdate('bid', 100.25, 5)).toBe(true);
    expect(book.bestBidQuantity).toBe(5);
    expect(book.applyUpdate('bid', 100.25, 0)).toBe(true);
    expect(book.bestBid).toBe(100);
    expect(book.applyUpdate('ask', 100.5, 0)).toBe(true);
    expect(book.bestAsk).toBe(101);
    expect(book.applyUpdate('ask', 150, 0)).toBe(false);
    expect(book.depth('ask')).toBe(1);
  });

  it('refuses updates before the first snapshot and values that are not usable', () => {
    const book = new OrderBook({ symbol: 'X' });
    expect(book.needsResync).toBe(true);
    expect(book.applyUpdate('bid', 1, 1)).toBe(false);
    book.applySnapshot({ bids: [], asks: [] });
    expect(book.applyUpdate('bid', Number.NaN, 1)).toBe(false);
    expect(book.applyUpdate('bid', 1, -1)).toBe(false);
    expect(book.applyUpdate('bid', 1, Number.POSITIVE_INFINITY)).toBe(false);
    expect(book.bestBid).toBeNaN();
    expect(book.bestAsk).toBeNaN();
  });

  it('names the bad level when a snapshot holds a non-finite value', () => {
    const book = new OrderBook({ symbol: 'ETH-USD' });
    expect(() => book.applySnapshot({ bids: [[1, 1]], asks: [[2, Number.NaN]] })).toThrow(/ETH-USD.*ask level 0/);
  });

  it('detects crossed and locked books', () => {
    const book = readyBook();
    expect(book.isCrossed).toBe(false);
    expect(book.isLocked).toBe(false);
    book.applyUpdate('bid', 100.5, 1);
    expect(book.isLocked).toBe(true);
    expect(book.isCrossed).toBe(false);
    book.applyUpdate('bid', 100.75, 1);
    expect(book.isCrossed).toBe(true);
    book.applyUpdate('bid', 100.75, 0);
    book.applyUpdate('bid', 100.5, 0);
    expect(book.isCrossed).toBe(false);
    expect(book.isLocked).toBe(false);
  });

  it('drops old sequences, and on a gap asks for a resync once and refuses updates until a snapshot', () => {
    const requests: BookResyncRequest[] = [];
    const book = readyBook(requests);
    expect(book.acceptSequence(11)).toBe(true);
    expect(book.acceptSequence(11)).toBe(false);
    expect(book.acceptSequence(5)).toBe(false);
    expect(requests).toHaveLength(0);
    expect(book.acceptSequence(14)).toBe(false);
    expect(book.needsResync).toBe(true);
    expect(book.gaps).toBe(1);
    expect(requests).toEqual([{ symbol: 'BTC-USD', reason: 'gap', expectedSequence: 12, receivedSequence: 14 }]);
    expect(book.acceptSequence(15)).toBe(false);
    expect(book.applyUpdate('bid', 100.25, 1)).toBe(false);
    expect(requests).toHaveLength(1);
    book.applySnapshot({ bids: [[98, 1]], asks: [[99, 1]], sequence: 20 });
    expect(book.acceptSequence(21)).toBe(true);
    expect(book.applyUpdate('bid', 98.5, 1)).toBe(true);
    expect(book.bestBid).toBe(98.5);
  });

  it('asks for a resync when invalidated', () => {
    const requests: BookResyncRequest[] = [];
    const book = readyBook(requests);
    book.invalidate();
    expect(book.needsResync).toBe(true);
    expect(requests.map((request) => request.reason)).toEqual(['invalidated']);
  });

  it('writes the best bid and ask into a tick draft, and nothing while the book needs a resync', () => {
    const draft: TickDraft = { epochSeconds: 0, nanoseconds: 0, symbolId: 7, bid: 0, ask: 0, volume: 0, flags: 0 };
    const book = readyBook();
    expect(writeBookTop(book, draft)).toBe(true);
    expect([draft.bid, draft.ask]).toEqual([100, 100.5]);
    book.applyUpdate('ask', 100.5, 0);
    book.applyUpdate('ask', 101, 0);
    writeBookTop(book, draft);
    expect(draft.ask).toBeNaN();
    book.invalidate();
    draft.bid = -1;
    expect(writeBookTop(book, draft)).toBe(false);
    expect(draft.bid).toBe(-1);
  });

  it('copies top levels into caller arrays without allocating', () => {
    const book = readyBook();
    const prices = new Float64Array(5);
    const quantities = new Float64Array(5);
    expect(book.copyTopLevels('bid', 5, prices, quantities)).toBe(3);
    expect([...prices.subarray(0, 3)]).toEqual([100, 99.5, 99]);
    expect([...quantities.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect(book.copyTopLevels('ask', 1, prices, quantities)).toBe(1);
    expect(prices[0]).toBe(100.5);
  });

  it('matches a Map-and-sort model over thousands of random updates (seeded)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = new SeededRandom(seed);
      const book = new OrderBook({ symbol: 'M', initialCapacity: 4 });
      const model = { bid: new Map<number, number>(), ask: new Map<number, number>() };
      book.applySnapshot({ bids: [], asks: [] });
      for (let step = 0; step < 3_000; step++) {
        const side: BookSideName = random.chance(0.5) ? 'bid' : 'ask';
        const price = (side === 'bid' ? 1000 - random.int(0, 80) : 1000 + random.int(1, 80)) / 4;
        const quantity = random.chance(0.3) ? 0 : random.int(1, 50);
        book.applyUpdate(side, price, quantity);
        if (quantity === 0) model[side].delete(price);
        else model[side].set(price, quantity);
      }
      const expectedBids = sortedLevels(model.bid, true);
      const expectedAsks = sortedLevels(model.ask, false);
      const top = book.topLevels(1_000);
      expect(top.bids.map((level) => [level.price, level.quantity])).toEqual(expectedBids);
      expect(top.asks.map((level) => [level.price, level.quantity])).toEqual(expectedAsks);
      expect(book.bestBid).toBe(expectedBids[0]?.[0] ?? Number.NaN);
      expect(book.bestAsk).toBe(expectedAsks[0]?.[0] ?? Number.NaN);
    }
  });
});
