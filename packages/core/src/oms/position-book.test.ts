import { describe, expect, it } from 'vitest';
import { LastQuoteBook } from '../feed/last-quote-book';
import { PositionBook } from './position-book';

function book(): { positions: PositionBook; quotes: LastQuoteBook } {
  const quotes = new LastQuoteBook();
  return { positions: new PositionBook(quotes), quotes };
}

describe('PositionBook', () => {
  it('keeps an average price and realizes PnL on the closing part', () => {
    const { positions } = book();
    positions.applyFillDelta('a', 'AAPL', 'buy', 10, 1_000, 0);
    positions.applyFillDelta('a', 'AAPL', 'buy', 10, 1_200, 0);
    const position = positions.symbolExposure('a', 'AAPL');
    expect(position.quantity).toBe(20);
    expect(position.averagePrice).toBe(110);
    positions.applyFillDelta('a', 'AAPL', 'sell', 5, 5 * 130, 1);
    expect(position.quantity).toBe(15);
    expect(position.averagePrice).toBe(110);
    expect(position.realizedPnl).toBe(5 * 20 - 1);
  });

  it('flips from long to short with the remainder opened at the trade price', () => {
    const { positions } = book();
    positions.applyFillDelta('a', 'X', 'buy', 10, 1_000, 0);
    positions.applyFillDelta('a', 'X', 'sell', 15, 15 * 90, 0);
    const position = positions.symbolExposure('a', 'X');
    expect(position.quantity).toBe(-5);
    expect(position.averagePrice).toBe(90);
    expect(position.realizedPnl).toBe(-100);
  });

  it('snaps float dust to flat', () => {
    const { positions } = book();
    positions.applyFillDelta('a', 'BTC', 'buy', 0.1, 0.1 * 100, 0);
    positions.applyFillDelta('a', 'BTC', 'buy', 0.2, 0.2 * 100, 0);
    positions.applyFillDelta('a', 'BTC', 'sell', 0.3, 0.3 * 100, 0);
    expect(positions.symbolExposure('a', 'BTC').quantity).toBe(0);
    expect(positions.symbolExposure('a', 'BTC').averagePrice).toBe(0);
  });

  it('marks unrealized PnL to the quote mid, else the last fill', () => {
    const { positions, quotes } = book();
    positions.applyFillDelta('a', 'X', 'buy', 10, 1_000, 0);
    positions.markAccount('a', 0);
    expect(positions.accountExposure('a').unrealizedPnl).toBe(0);
    quotes.update('X', 104, 106, 1);
    positions.markAccount('a', 1);
    const account = positions.accountExposure('a');
    expect(account.unrealizedPnl).toBe(50);
    expect(account.netExposure).toBe(1_050);
    expect(positions.positions('a')).toEqual([
      { symbol: 'X', quantity: 10, averagePrice: 100, marketValue: 1_050, unrealizedPnl: 50 },
    ]);
  });

  it('keeps total PnL exact through a cost correction, long or short', () => {
    const { positions, quotes } = book();
    quotes.update('L', 100, 100, 1);
    quotes.update('S', 100, 100, 1);
    positions.applyFillDelta('a', 'L', 'buy', 10, 1_000, 0);
    positions.applyFillDelta('a', 'L', 'buy', 0, 20, 0); // paid 20 more than booked
    positions.applyFillDelta('a', 'S', 'sell', 10, 1_000, 0);
    positions.applyFillDelta('a', 'S', 'sell', 0, 30, 0); // received 30 more than booked
    positions.markAccount('a', 2);
    const account = positions.accountExposure('a');
    expect(account.realizedPnl + account.unrealizedPnl).toBeCloseTo(-20 + 30, 9);
    // A correction for a side no longer held is realized.
    positions.applyFillDelta('a', 'L', 'sell', 10, 1_000, 0);
    positions.applyFillDelta('a', 'L', 'buy', 0, 5, 0);
    positions.markAccount('a', 3);
    expect(account.realizedPnl + account.unrealizedPnl).toBeCloseTo(-20 + 30 - 5, 9);
  });

  it('tracks daily PnL, its peak and the drawdown from it, restarting each day', () => {
    const { positions, quotes } = book();
    positions.applyFillDelta('a', 'X', 'buy', 10, 1_000, 0);
    quotes.update('X', 110, 110, 1);
    positions.markAccount('a', 1);
    const account = positions.accountExposure('a');
    expect([account.dailyPnl, account.peakDailyPnl, account.drawdown]).toEqual([100, 100, 0]);
    quotes.update('X', 95, 95, 2);
    positions.markAccount('a', 2);
    expect([account.dailyPnl, account.peakDailyPnl, account.drawdown]).toEqual([-50, 100, 150]);
    positions.startNewDay(3);
    expect([account.dailyPnl, account.peakDailyPnl, account.drawdown]).toEqual([0, 0, 0]);
    quotes.update('X', 93, 93, 4);
    positions.markAccount('a', 4);
    expect([account.dailyPnl, account.drawdown]).toEqual([-20, 20]);
  });

  it('counts open orders and worst-case gross exposure per account', () => {
    const { positions, quotes } = book();
    quotes.update('X', 10, 10, 1);
    positions.applyFillDelta('a', 'X', 'buy', 100, 1_000, 0);
    positions.adjustOpenOrders('a', 'X', 'buy', 50, 1);
    positions.adjustOpenOrders('a', 'X', 'sell', 300, 1);
    positions.markAccount('a', 1);
    const account = positions.accountExposure('a');
    expect(account.openOrderCount).toBe(2);
    // max(|100 + 50|, |100 - 300|) = 200 at 10
    expect(account.grossExposure).toBe(2_000);
    positions.adjustOpenOrders('a', 'X', 'sell', -300, -1);
    positions.markAccount('a', 2);
    expect(account.grossExposure).toBe(1_500);
    expect(positions.accounts().map((record) => record.account)).toEqual(['a']);
  });

  it('re-prices an estimated fill in place, so closes booked after it realize against the true price', () => {
    const { positions } = book();
    positions.bookOrderFill('a', 'X', 'buy', 'o1', 10, 10 * 100, 0, true); // synthetic: 100 is a guess
    positions.applyFillDelta('a', 'X', 'sell', 4, 4 * 105, 1); // a plain fill, with a fee
    positions.bookOrderFill('a', 'X', 'buy', 'o3', 2, 2 * 104, 0, false);
    const position = positions.symbolExposure('a', 'X');
    expect(position.realizedPnl).toBeCloseTo(4 * 5 - 1, 9);
    // The executions say o1 cost 101 a unit: 10 more paid.
    positions.correctOrderFill('a', 'X', 'buy', 'o1', 10, 0);
    expect(position.quantity).toBe(8);
    expect(position.realizedPnl).toBeCloseTo(4 * (105 - 101) - 1, 9);
    expect(position.averagePrice).toBeCloseTo((6 * 101 + 2 * 104) / 8, 9);
    expect([position.fees, position.lastFillPrice]).toEqual([1, 104]);
  });

  it('absorbs a correction in the cost basis once the order is settled, or when it has no estimated fill', () => {
    const { positions } = book();
    positions.bookOrderFill('a', 'X', 'buy', 'o1', 10, 1_000, 0, true);
    positions.applyFillDelta('a', 'X', 'sell', 4, 4 * 105, 0);
    positions.settleOrderFills('a', 'X', 'o1');
    positions.correctOrderFill('a', 'X', 'buy', 'o1', 12, 0);
    const position = positions.symbolExposure('a', 'X');
    // Realized stays at 4 x (105 - 100); the 6 still held carry the 12 in their average.
    expect(position.realizedPnl).toBeCloseTo(20, 9);
    expect(position.averagePrice).toBeCloseTo(100 + 12 / 6, 9);
    // A later correction for another order replays nothing settled away.
    positions.bookOrderFill('a', 'X', 'buy', 'o2', 6, 6 * 90, 0, true);
    positions.correctOrderFill('a', 'X', 'buy', 'o2', 6, 0);
    expect(position.averagePrice).toBeCloseTo((6 * 102 + 6 * 91) / 12, 9);
    expect(position.realizedPnl).toBeCloseTo(20, 9);
  });
});
