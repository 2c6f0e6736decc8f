import { isTickwireError, type OrderRequest } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { formatAlpacaDecimal, toAlpacaOrderBody, toAlpacaReplaceBody } from './alpaca-orders';

const base: OrderRequest = {
  clientOrderId: 'c-1',
  symbol: 'AAPL',
  side: 'buy',
  type: 'market',
  timeInForce: 'day',
  quantity: 10,
};

function refusal(order: OrderRequest): { code: string; message: string } {
  try {
    toAlpacaOrderBody(order);
  } catch (error) {
    if (!isTickwireError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error('expected the order to be refused');
}

describe('toAlpacaOrderBody', () => {
  it('writes every order type with its prices as strings', () => {
    expect(toAlpacaOrderBody(base)).toEqual({
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      time_in_force: 'day',
      client_order_id: 'c-1',
      qty: '10',
    });
    expect(toAlpacaOrderBody({ ...base, type: 'limit', limitPrice: 101.25 })).toMatchObject({ limit_price: '101.25' });
    expect(toAlpacaOrderBody({ ...base, type: 'stop', stopPrice: 99.5 })).toMatchObject({ stop_price: '99.5' });
    expect(toAlpacaOrderBody({ ...base, type: 'stop_limit', stopPrice: 99.5, limitPrice: 99 })).toMatchObject({
      type: 'stop_limit',
      stop_price: '99.5',
      limit_price: '99',
    });
    expect(toAlpacaOrderBody({ ...base, type: 'trailing_stop', trailPrice: 1.5 })).toMatchObject({
      trail_price: '1.5',
    });
    expect(toAlpacaOrderBody({ ...base, type: 'trailing_stop', trailPercent: 2 })).toMatchObject({
      trail_percent: '2',
    });
  });

  it('passes every Alpaca time in force and refuses the ones Alpaca lacks with NOT_SUPPORTED', () => {
    for (const timeInForce of ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'] as const) {
      expect(toAlpacaOrderBody({ ...base, timeInForce }).time_in_force).toBe(timeInForce);
    }
    for (const timeInForce of ['gtd', 'pre', 'post'] as const) {
      const refused = refusal({ ...base, timeInForce });
      expect(refused.code).toBe('NOT_SUPPORTED');
      expect(refused.message).toContain(`"${timeInForce}"`);
    }
    expect(refusal({ ...base, type: 'limit', limitPrice: 1, postOnly: true }).code).toBe('NOT_SUPPORTED');
  });

  it('sends notional orders (market, day) and crypto symbols in Alpaca form', () => {
    expect(toAlpacaOrderBody({ ...base, quantity: undefined, notional: 250.5 })).toMatchObject({ notional: '250.5' });
    expect(toAlpacaOrderBody({ ...base, quantity: undefined, notional: 250.5 })).not.toHaveProperty('qty');
    expect(toAlpacaOrderBody({ ...base, symbol: 'BTC-USD', timeInForce: 'gtc', quantity: 0.0001 })).toMatchObject({
      symbol: 'BTC/USD',
      qty: '0.0001',
    });
  });

  it('writes tiny and huge numbers without exponents', () => {
    expect(formatAlpacaDecimal(1e-7)).toBe('0.0000001');
    expect(formatAlpacaDecimal(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatAlpacaDecimal(1e21)).toBe('1000000000000000000000');
    expect(toAlpacaOrderBody({ ...base, quantity: 5e-8 }).qty).toBe('0.00000005');
  });

  it('allows extended hours on day limit orders only', () => {
    expect(toAlpacaOrderBody({ ...base, type: 'limit', limitPrice: 10, extendedHours: true })).toMatchObject({
      extended_hours: true,
    });
    const refused = refusal({ ...base, type: 'market', extendedHours: true });
    expect(refused.code).toBe('ORDER_REJECTED');
    expect(refused.message).toContain('extended hours needs a limit order with time in force day (got market/day)');
  });

  it('builds bracket, OCO and OTO orders', () => {
    const bracket = toAlpacaOrderBody({
      ...base,
      type: 'limit',
      limitPrice: 100,
      orderClass: 'bracket',
      takeProfit: { limitPrice: 110 },
      stopLoss: { stopPrice: 95, limitPrice: 94.5 },
    });
    expect(bracket).toMatchObject({
      order_class: 'bracket',
      take_profit: { limit_price: '110' },
      stop_loss: { stop_price: '95', limit_price: '94.5' },
    });
    const oco = toAlpacaOrderBody({
      ...base,
      side: 'sell',
      type: 'limit',
      limitPrice: 110,
      orderClass: 'oco',
      takeProfit: { limitPrice: 110 },
      stopLoss: { stopPrice: 95 },
    });
    expect(oco).toMatchObject({
      order_class: 'oco',
      take_profit: { limit_price: '110' },
      stop_loss: { stop_price: '95' },
    });
    expect(oco.stop_loss).not.toHaveProperty('limit_price');
    const oto = toAlpacaOrderBody({ ...base, orderClass: 'oto', stopLoss: { stopPrice: 95 } });
    expect(oto).toMatchObject({ order_class: 'oto', stop_loss: { stop_price: '95' } });
    expect(oto).not.toHaveProperty('take_profit');
  });

  it('refuses what Alpaca documents as invalid, naming the rule', () => {
    const cases: [Partial<OrderRequest>, string][] = [
      [{ quantity: undefined }, 'exactly one of quantity and notional'],
      [{ notional: 100 }, 'exactly one of quantity and notional'],
      [{ quantity: undefined, notional: 100, type: 'limit', limitPrice: 1 }, 'notional orders must be market orders'],
      [{ quantity: -1 }, 'quantity must be positive (got -1)'],
      [{ type: 'limit' }, 'a limit order needs a limit price'],
      [{ type: 'stop_limit', stopPrice: 1 }, 'a stop_limit order needs a limit price'],
      [{ type: 'trailing_stop' }, 'exactly one of trailPrice and trailPercent'],
      [{ type: 'trailing_stop', trailPrice: 1, trailPercent: 1 }, 'exactly one of trailPrice and trailPercent'],
      [{ trailPrice: 1 }, 'trailPrice and trailPercent belong to trailing_stop orders only'],
      [{ orderClass: 'bracket', takeProfit: { limitPrice: 2 } }, 'a bracket order needs both takeProfit and stopLoss'],
      [
        { orderClass: 'oco', takeProfit: { limitPrice: 2 }, stopLoss: { stopPrice: 1 } },
        'an OCO order is a limit order',
      ],
      [{ orderClass: 'oto' }, 'an OTO order needs exactly one of takeProfit and stopLoss'],
      [{ takeProfit: { limitPrice: 2 } }, 'takeProfit and stopLoss need order class bracket, oco or oto'],
      [{ clientOrderId: 'x'.repeat(49) }, 'client order id must be 1..48 characters (got 49)'],
      [{ type: 'limit', limitPrice: Number.NaN }, 'limit price must be a positive number (got NaN)'],
    ];
    for (const [change, rule] of cases) {
      const refused = refusal({ ...base, ...change });
      expect(refused.code, rule).toBe('ORDER_REJECTED');
      expect(refused.message).toContain(rule);
      expect(refused.message).toContain('was not sent');
    }
  });
});

describe('toAlpacaReplaceBody', () => {
  it('sends only what changes, with the new client order id', () => {
    expect(toAlpacaReplaceBody({ clientOrderId: 'a', newClientOrderId: 'b', quantity: 12, limitPrice: 49.5 })).toEqual({
      client_order_id: 'b',
      qty: '12',
      limit_price: '49.5',
    });
    expect(
      toAlpacaReplaceBody({
        clientOrderId: 'a',
        newClientOrderId: 'b',
        stopPrice: 3,
        trailPrice: 0.5,
        timeInForce: 'gtc',
      }),
    ).toEqual({ client_order_id: 'b', stop_price: '3', trail: '0.5', time_in_force: 'gtc' });
    expect(() => toAlpacaReplaceBody({ clientOrderId: 'a', newClientOrderId: 'b', timeInForce: 'gtd' })).toThrow(
      /does not support time in force "gtd"/,
    );
  });
});
