import type { OrderEvent, OrderRequest } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { InstrumentTable } from '../market/instrument-table';
import { DEFAULT_SIM_SYMBOLS, type SimSymbolSpec } from '../market/sim-symbol';
import { TopOfBook } from '../market/top-of-book';
import { MatchingEngine, type MatchingEngineOptions } from './matching-engine';

const equity: SimSymbolSpec = {
  ...DEFAULT_SIM_SYMBOLS[0]!,
  symbol: 'SIM-A',
  priceIncrement: 0.01,
  quantityIncrement: 1,
};
const coin: SimSymbolSpec = {
  ...DEFAULT_SIM_SYMBOLS[2]!,
  symbol: 'SIM-C',
  priceIncrement: 0.5,
  quantityIncrement: 0.001,
};
const A = 0;
const C = 1;

/** An engine over a hand-driven book, recording every event. */
function setUp(overrides: Partial<SimSymbolSpec> = {}, options: Partial<MatchingEngineOptions> = {}) {
  const instruments = new InstrumentTable([{ ...equity, ...overrides }, coin]);
  const book = new TopOfBook(instruments.size);
  const events: OrderEvent[] = [];
  const engine = new MatchingEngine({ instruments, book, onEvent: (event) => events.push(event), ...options });
  let nowMs = 1_000;
  const quote = (symbolIndex: number, bid: number, ask: number, bidSize = 100, askSize = 100): void => {
    book.setQuote(symbolIndex, bid, ask, bidSize, askSize, ++nowMs);
    engine.onQuote(symbolIndex);
  };
  quote(A, 10, 10.01);
  quote(C, 100, 100.5, 2, 2);
  const order = (fields: Partial<OrderRequest> & { clientOrderId: string }): OrderRequest => ({
    symbol: 'SIM-A',
    side: 'buy',
    type: 'market',
    timeInForce: 'day',
    quantity: 10,
    ...fields,
  });
  const submit = (fields: Partial<OrderRequest> & { clientOrderId: string }) => engine.submit(order(fields), ++nowMs);
  const statuses = (clientOrderId: string) =>
    events.filter((event) => event.clientOrderId === clientOrderId).map((event) => event.status);
  const trade = (symbolIndex: number, price: number, size: number, aggressorSide: number): void => {
    book.setTrade(symbolIndex, price, size, ++nowMs);
    engine.onTrade(symbolIndex, aggressorSide);
  };
  return {
    engine,
    book,
    events,
    quote,
    trade,
    submit,
    statuses,
    now: () => nowMs,
    advance: (ms: number) => (nowMs += ms),
  };
}

describe('MatchingEngine: market orders', () => {
  it('fills a market buy at the ask and books position and cash', () => {
    const { engine, events, submit } = setUp();
    const outcome = submit({ clientOrderId: 'm1', quantity: 10 });
    expect(outcome.outcome).toBe('accepted');
    expect(events.map((event) => event.status)).toEqual(['new', 'filled']);
    const filled = events[1]!;
    expect(filled.fill).toMatchObject({
      clientOrderId: 'm1',
      symbol: 'SIM-A',
      side: 'buy',
      quantity: 10,
      price: 10.01,
    });
    expect(filled).toMatchObject({ cumulativeQuantity: 10, leavesQuantity: 0, averageFillPrice: 10.01 });
    expect(filled.brokerOrderId).toBe(events[0]!.brokerOrderId);
    expect(engine.portfolio.positions()).toEqual([
      expect.objectContaining({ symbol: 'SIM-A', quantity: 10, averagePrice: 10.01 }),
    ]);
    expect(engine.portfolio.account().cash).toBeCloseTo(1_000_000 - 100.1, 9);
  });

  it('fills a large order in pieces as each quote replenishes the touch; pieces sum to the quantity', () => {
    const { events, submit, quote, engine } = setUp();
    submit({ clientOrderId: 'big', quantity: 250 });
    quote(A, 10, 10.02, 100, 100);
    quote(A, 10, 10.03, 100, 100);
    const fills = events.filter((event) => event.fill !== undefined);
    expect(fills.map((event) => event.fill!.quantity)).toEqual([100, 100, 50]);
    expect(fills.map((event) => event.fill!.price)).toEqual([10.01, 10.02, 10.03]);
    expect(fills.map((event) => event.cumulativeQuantity)).toEqual([100, 200, 250]);
    expect(fills.map((event) => event.leavesQuantity)).toEqual([150, 50, 0]);
    expect(fills.map((event) => event.status)).toEqual(['partially-filled', 'partially-filled', 'filled']);
    expect(new Set(fills.map((event) => event.fill!.executionId)).size).toBe(3);
    expect(fills[2]!.averageFillPrice).toBeCloseTo((100 * 10.01 + 100 * 10.02 + 50 * 10.03) / 250, 9);
    expect(engine.openOrders()).toHaveLength(0);
  });

  it('caps each fill at maxFillQuantity', () => {
    const { events, submit, quote } = setUp({ maxFillQuantity: 30 });
    submit({ clientOrderId: 'capped', quantity: 70 });
    quote(A, 10, 10.01);
    quote(A, 10, 10.01);
    expect(events.filter((event) => event.fill).map((event) => event.fill!.quantity)).toEqual([30, 30, 10]);
  });

  it('shares the liquidity at the touch between orders in time priority', () => {
    const { events, submit } = setUp();
    submit({ clientOrderId: 'first', quantity: 80 });
    submit({ clientOrderId: 'second', quantity: 80 });
    const filledBy = (id: string) =>
      events.filter((event) => event.clientOrderId === id && event.fill).reduce((sum, e) => sum + e.fill!.quantity, 0);
    expect(filledBy('first')).toBe(80);
    expect(filledBy('second')).toBe(20);
  });

  it('keeps fractional quantities exact over many partial fills', () => {
    const { events, engine, book } = setUp();
    engine.submit(
      { clientOrderId: 'coin', symbol: 'SIM-C', side: 'sell', type: 'market', timeInForce: 'gtc', quantity: 0.3 },
      5_000,
    );
    for (let index = 0; index < 10; index++) {
      book.quoteTimeMs[C] = 5_001 + index;
      book.setQuote(C, 100, 100.5, 0.05, 0.05, 5_001 + index);
      engine.onQuote(C);
    }
    const fills = events.filter((event) => event.clientOrderId === 'coin' && event.fill);
    expect(fills.reduce((sum, event) => sum + event.fill!.quantity, 0)).toBeCloseTo(0.3, 12);
    expect(fills.at(-1)!.cumulativeQuantity).toBe(0.3);
    expect(fills.at(-1)!.status).toBe('filled');
    // 0.001 increments: summing floats would drift, counting increments must not.
    expect(engine.portfolio.positionOf(C)).toBe(-0.3);
  });
});

describe('MatchingEngine: limit and stop orders', () => {
  it('rests a limit buy below the ask, then fills it at the ask once the ask comes down to it', () => {
    const { events, submit, quote, statuses } = setUp();
    submit({ clientOrderId: 'lim', type: 'limit', limitPrice: 9.95, quantity: 10 });
    quote(A, 9.95, 9.97);
    expect(statuses('lim')).toEqual(['new']);
    quote(A, 9.93, 9.94);
    expect(statuses('lim')).toEqual(['new', 'filled']);
    expect(events.at(-1)!.fill!.price).toBe(9.94);
  });

  it('fills a resting limit passively at its price when a trade prints through it from the other side', () => {
    const { events, trade, submit, statuses } = setUp();
    submit({ clientOrderId: 'passive', type: 'limit', limitPrice: 10, quantity: 50 });
    expect(statuses('passive')).toEqual(['new']);
    // A buyer lifting the offer does not trade with a resting bid.
    trade(A, 10.01, 40, 1);
    expect(statuses('passive')).toEqual(['new']);
    trade(A, 10, 30, -1);
    trade(A, 9.99, 40, -1);
    expect(statuses('passive')).toEqual(['new', 'partially-filled', 'filled']);
    const fills = events.filter((event) => event.fill).map((event) => [event.fill!.quantity, event.fill!.price]);
    expect(fills).toEqual([
      [30, 10],
      [20, 10],
    ]);
  });

  it('triggers a buy stop when the ask reaches the stop price, then fills it as a market order', () => {
    const { events, submit, quote, statuses } = setUp();
    submit({ clientOrderId: 'stop', type: 'stop', stopPrice: 10.1, quantity: 10, timeInForce: 'gtc' });
    quote(A, 10.05, 10.09);
    expect(statuses('stop')).toEqual(['new']);
    quote(A, 10.1, 10.12);
    expect(statuses('stop')).toEqual(['new', 'filled']);
    expect(events.at(-1)!.fill!.price).toBe(10.12);
  });

  it('turns a triggered sell stop-limit into a resting limit until the bid is back at the limit', () => {
    const { engine, events, submit, quote, statuses } = setUp();
    submit({ clientOrderId: 'sl', side: 'sell', type: 'stop_limit', stopPrice: 9.9, limitPrice: 9.88, quantity: 5 });
    quote(A, 9.91, 9.92);
    expect(engine.getOrder('sl')!.triggered).toBe(false);
    // The bid gaps through both the stop and the limit: triggered, but not marketable.
    quote(A, 9.85, 9.86);
    expect(engine.getOrder('sl')!.triggered).toBe(true);
    expect(statuses('sl')).toEqual(['new']);
    quote(A, 9.89, 9.9);
    expect(statuses('sl')).toEqual(['new', 'filled']);
    expect(events.at(-1)!.fill!.price).toBe(9.89);
  });
});

describe('MatchingEngine: time in force', () => {
  it('ioc fills what the touch holds and cancels the rest', () => {
    const { events, submit, statuses } = setUp();
    submit({ clientOrderId: 'ioc', quantity: 150, timeInForce: 'ioc' });
    expect(statuses('ioc')).toEqual(['new', 'partially-filled', 'canceled']);
    expect(events.at(-1)).toMatchObject({ cumulativeQuantity: 100, leavesQuantity: 0 });
    expect(events.at(-1)!.reason).toMatch(/ioc/);
  });

  it('fok fills entirely or not at all', () => {
    const { submit, statuses, engine } = setUp();
    submit({ clientOrderId: 'fok-too-big', quantity: 150, timeInForce: 'fok' });
    expect(statuses('fok-too-big')).toEqual(['new', 'canceled']);
    expect(engine.portfolio.positions()).toEqual([]);
    submit({ clientOrderId: 'fok-fits', quantity: 100, timeInForce: 'fok' });
    expect(statuses('fok-fits')).toEqual(['new', 'filled']);
  });

  it('expires day orders at the end of the trading day and gtd orders at their time; gtc stays', () => {
    const { engine, submit, statuses, now } = setUp({}, { tradingDayMs: 10_000 });
    submit({ clientOrderId: 'day', type: 'limit', limitPrice: 9, timeInForce: 'day' });
    submit({ clientOrderId: 'gtd', type: 'limit', limitPrice: 9, timeInForce: 'gtd', expireAtMs: now() + 20_000 });
    submit({ clientOrderId: 'gtc', type: 'limit', limitPrice: 9, timeInForce: 'gtc' });
    engine.expireDue(9_999);
    expect(statuses('day')).toEqual(['new']);
    engine.expireDue(10_000);
    expect(statuses('day')).toEqual(['new', 'expired']);
    expect(statuses('gtd')).toEqual(['new']);
    engine.expireDue(now() + 20_000);
    expect(statuses('gtd')).toEqual(['new', 'expired']);
    engine.expireDue(1e12);
    expect(statuses('gtc')).toEqual(['new']);
    expect(engine.openOrders().map((order) => order.clientOrderId)).toEqual(['gtc']);
  });
});

describe('MatchingEngine: cancel and replace', () => {
  it('cancels an open order once; a second cancel finds it closed, an unknown id is unknown', () => {
    const { engine, submit, statuses, now } = setUp();
    submit({ clientOrderId: 'c1', type: 'limit', limitPrice: 9.5 });
    expect(engine.cancel('c1', now()).outcome).toBe('canceled');
    expect(statuses('c1')).toEqual(['new', 'canceled']);
    expect(engine.cancel('c1', now()).outcome).toBe('closed');
    expect(engine.cancel('nope', now()).outcome).toBe('unknown');
    expect(engine.openOrders()).toEqual([]);
  });

  it('replaces with a new client order id: replaced on the old, new on the new, remainder carried over', () => {
    const { engine, events, submit, quote, statuses, now } = setUp();
    submit({ clientOrderId: 'r1', type: 'limit', limitPrice: 10.01, quantity: 150 });
    // 100 filled at once; 50 rest at 10.01 after the ask moves up.
    quote(A, 10.02, 10.03);
    const outcome = engine.replace({ clientOrderId: 'r1', newClientOrderId: 'r2', limitPrice: 10.02 }, now() + 1);
    expect(outcome.outcome).toBe('replaced');
    expect(statuses('r1')).toEqual(['new', 'partially-filled', 'replaced']);
    const replacedEvent = events.find((event) => event.status === 'replaced')!;
    expect(replacedEvent).toMatchObject({ replacedByClientOrderId: 'r2', cumulativeQuantity: 100, leavesQuantity: 0 });
    expect(statuses('r2')).toEqual(['new']);
    const replacement = engine.getOrder('r2')!;
    expect(replacement.quantity).toBe(50);
    expect(replacement.limitPrice).toBe(10.02);
    expect(replacement.brokerOrderId).not.toBe(engine.getOrder('r1')!.brokerOrderId);
    quote(A, 10, 10.02);
    expect(statuses('r2')).toEqual(['new', 'filled']);
  });

  it('refuses a replace of a closed or unknown order, onto a used id, or with a bad price, leaving the original', () => {
    const { engine, submit, statuses, now } = setUp();
    submit({ clientOrderId: 'done', quantity: 1 });
    submit({ clientOrderId: 'live', type: 'limit', limitPrice: 9 });
    expect(engine.replace({ clientOrderId: 'done', newClientOrderId: 'x' }, now()).outcome).toBe('closed');
    expect(engine.replace({ clientOrderId: 'ghost', newClientOrderId: 'y' }, now()).outcome).toBe('unknown');
    expect(engine.replace({ clientOrderId: 'live', newClientOrderId: 'done' }, now()).outcome).toBe('duplicate');
    const badPrice = engine.replace({ clientOrderId: 'live', newClientOrderId: 'z', limitPrice: 9.005 }, now());
    expect(badPrice).toEqual({
      outcome: 'rejected',
      reason: expect.stringMatching(/9\.005 is not a multiple .* 0\.01/),
    });
    expect(statuses('live')).toEqual(['new']);
    expect(engine.getOrder('live')!.isOpen).toBe(true);
  });
});

describe('MatchingEngine: rejects and idempotency', () => {
  it.each([
    [{ symbol: 'NOPE' }, /unknown symbol "NOPE"; the sim trades SIM-A, SIM-C/],
    [{ quantity: 0 }, /quantity must be a positive number, got 0/],
    [{ quantity: 1.5 }, /quantity 1.5 is not a multiple of SIM-A's quantity increment 1/],
    [{ type: 'limit' as const }, /a limit order needs limitPrice/],
    [{ type: 'limit' as const, limitPrice: 10.001 }, /limitPrice 10.001 is not a multiple .* use 10/],
    [{ type: 'trailing_stop' as const }, /order type "trailing_stop" is not supported/],
    [{ type: 'stop' as const, stopPrice: 11, timeInForce: 'ioc' as const }, /stop orders rest until triggered/],
    [{ timeInForce: 'gtd' as const }, /a gtd order needs expireAtMs in the future/],
    [{ timeInForce: 'opg' as const }, /time in force "opg" is not supported/],
    [{ limitPrice: 10 }, /limitPrice 10 does not apply to a market order/],
    [{ type: 'limit' as const, limitPrice: 10.01, postOnly: true }, /post-only buy limit 10.01 would take liquidity/],
  ])('rejects %o, saying why', (fields, reason) => {
    const { events, submit } = setUp();
    const outcome = submit({ clientOrderId: 'bad', ...fields });
    expect(outcome).toEqual({ outcome: 'rejected', reason: expect.stringMatching(reason) });
    expect(events).toEqual([]);
  });

  it('treats a resubmitted client order id as the same order', () => {
    const { engine, events, submit } = setUp();
    const first = submit({ clientOrderId: 'same', type: 'limit', limitPrice: 9 });
    const eventsAfterFirst = events.length;
    const again = submit({ clientOrderId: 'same', type: 'limit', limitPrice: 9 });
    expect(again.outcome).toBe('duplicate');
    expect(again.outcome === 'duplicate' && first.outcome === 'accepted' && again.order === first.order).toBe(true);
    expect(events.length).toBe(eventsAfterFirst);
    expect(engine.openOrders()).toHaveLength(1);
  });

  it('can take an order and then reject it (a scripted asynchronous rejection)', () => {
    const { engine, events, now } = setUp();
    const outcome = engine.submit(
      { clientOrderId: 'late-no', symbol: 'SIM-A', side: 'buy', type: 'market', timeInForce: 'day', quantity: 5 },
      now(),
      'symbol halted',
    );
    expect(outcome.outcome).toBe('accepted');
    expect(events).toEqual([
      expect.objectContaining({ clientOrderId: 'late-no', status: 'rejected', reason: 'symbol halted' }),
    ]);
    expect(events[0]!.brokerOrderId).toMatch(/^SIM-/);
    expect(engine.openOrders()).toEqual([]);
    expect(engine.portfolio.positions()).toEqual([]);
    expect(engine.getOrder('late-no')!.status).toBe('rejected');
  });

  it('sizes a notional market order from the touch', () => {
    const { events, submit } = setUp();
    submit({ clientOrderId: 'cash', quantity: undefined, notional: 100 });
    // 100 / 10.01 = 9.99 -> 9 whole shares.
    expect(events.at(-1)!.fill!.quantity).toBe(9);
  });
});

describe('MatchingEngine: account, positions and history', () => {
  it('tracks a position through a flip, realised profit and cash', () => {
    const { engine, submit, quote } = setUp();
    quote(A, 9.99, 10, 1_000, 1_000);
    submit({ clientOrderId: 'buy', quantity: 100 });
    quote(A, 12, 12.01, 1_000, 1_000);
    submit({ clientOrderId: 'sell', side: 'sell', quantity: 150 });
    expect(engine.portfolio.realizedPnl).toBeCloseTo(200, 9);
    const [position] = engine.portfolio.positions();
    expect(position).toMatchObject({ symbol: 'SIM-A', quantity: -50, averagePrice: 12 });
    expect(position!.unrealizedPnl).toBeCloseTo((12.005 - 12) * -50, 9);
    const account = engine.portfolio.account();
    expect(account.cash).toBeCloseTo(1_000_000 - 1_000 + 1_800, 9);
    expect(account.equity).toBeCloseTo(account.cash - 50 * 12.005, 9);
  });

  it('charges the configured fee rate', () => {
    const { engine, events, submit } = setUp({}, { feeRate: 0.001 });
    submit({ clientOrderId: 'fee', quantity: 10 });
    expect(events.at(-1)!.fill!.fee).toBeCloseTo(0.1001, 9);
    expect(engine.portfolio.account().cash).toBeCloseTo(1_000_000 - 100.1 - 0.1001, 9);
  });

  it('answers fills and order changes since a time', () => {
    const { engine, submit, advance, now } = setUp();
    submit({ clientOrderId: 'early', quantity: 1 });
    advance(1_000);
    const since = now();
    submit({ clientOrderId: 'late', quantity: 2 });
    submit({ clientOrderId: 'resting', type: 'limit', limitPrice: 9 });
    expect(engine.fills.since(since).map((fill) => fill.clientOrderId)).toEqual(['late']);
    expect(engine.ordersUpdatedSince(since).map((order) => order.clientOrderId)).toEqual(['late', 'resting']);
    expect(engine.fills.since(0)).toHaveLength(2);
  });
});
