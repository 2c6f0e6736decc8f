import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error';
import { symbolIdOf } from '../tick/symbol-id';
import { order, riskFixture, testLimits } from './__fixtures__/risk-fixture';
import { DecisionKind } from './decision-ring';
import { RiskGate } from './risk-gate';
import { RiskReason, reasonName } from './risk-reasons';

const NOW = 1_500;

describe('RiskGate: order validity', () => {
  it('INSTRUMENT_UNKNOWN: denies a symbol it was not given, allows a registered one', () => {
    const { gate } = riskFixture();
    expect(gate.checkSubmit(order({ symbol: 'TSLA' }), NOW)).toBe(RiskReason.INSTRUMENT_UNKNOWN);
    expect(gate.checkSubmit(order({ symbol: 'AAPL' }), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('CLIENT_ORDER_ID_INVALID: denies an empty id', () => {
    const { gate } = riskFixture();
    expect(gate.checkSubmit(order({ clientOrderId: '' }), NOW)).toBe(RiskReason.CLIENT_ORDER_ID_INVALID);
    expect(gate.checkSubmit(order({ clientOrderId: 'x' }), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('DUPLICATE_CLIENT_ORDER_ID: denies an id already allowed, until forgotten or out of the window', () => {
    const { gate } = riskFixture();
    expect(gate.checkSubmit(order({ clientOrderId: 'dup' }), NOW)).toBe(RiskReason.ALLOWED);
    expect(gate.checkSubmit(order({ clientOrderId: 'dup' }), NOW)).toBe(RiskReason.DUPLICATE_CLIENT_ORDER_ID);
    gate.forgetClientOrderId('dup');
    expect(gate.checkSubmit(order({ clientOrderId: 'dup' }), NOW)).toBe(RiskReason.ALLOWED);
    // A denied order is not remembered.
    expect(gate.checkSubmit(order({ clientOrderId: 'denied', quantity: 0 }), NOW)).toBe(RiskReason.QUANTITY_INVALID);
    expect(gate.checkSubmit(order({ clientOrderId: 'denied' }), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('DUPLICATE_CLIENT_ORDER_ID: remembers the last 8 ids (the configured window), forgetting the oldest', () => {
    const { gate } = riskFixture();
    expect(gate.checkSubmit(order({ clientOrderId: 'old' }), NOW)).toBe(RiskReason.ALLOWED);
    for (let index = 0; index < 7; index++) gate.checkSubmit(order(), NOW);
    expect(gate.checkSubmit(order({ clientOrderId: 'old' }), NOW)).toBe(RiskReason.DUPLICATE_CLIENT_ORDER_ID);
    gate.checkSubmit(order(), NOW);
    expect(gate.checkSubmit(order({ clientOrderId: 'old' }), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('QUANTITY_INVALID: denies zero, negative, non-finite and missing quantities', () => {
    const { gate } = riskFixture();
    for (const quantity of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(gate.checkSubmit(order({ quantity }), NOW)).toBe(RiskReason.QUANTITY_INVALID);
    }
    const { quantity: _omitted, ...withoutQuantity } = order();
    expect(gate.checkSubmit(withoutQuantity, NOW)).toBe(RiskReason.QUANTITY_INVALID);
    expect(gate.checkSubmit({ ...withoutQuantity, clientOrderId: 'n1', type: 'market', notional: 1_500 }, NOW)).toBe(
      RiskReason.ALLOWED,
    );
  });

  it('QUANTITY_OFF_INCREMENT: denies 1.5 shares, allows 3e-8 BTC', () => {
    const { gate } = riskFixture();
    expect(gate.checkSubmit(order({ quantity: 1.5 }), NOW)).toBe(RiskReason.QUANTITY_OFF_INCREMENT);
    expect(gate.checkSubmit(order({ symbol: 'BTC-USD', quantity: 3e-8, limitPrice: 60_000.5 }), NOW)).toBe(
      RiskReason.ALLOWED,
    );
    expect(gate.checkSubmit(order({ symbol: 'BTC-USD', quantity: 3.5e-8, limitPrice: 60_000.5 }), NOW)).toBe(
      RiskReason.QUANTITY_OFF_INCREMENT,
    );
  });

  it('QUANTITY_BELOW_MINIMUM: uses the instrument minimum', () => {
    const limits = testLimits();
    const { gate } = riskFixture(limits);
    expect(gate.checkSubmit(order({ quantity: 1 }), NOW)).toBe(RiskReason.ALLOWED);
    const { positions, quotes, feedHealth } = riskFixture(limits);
    const strict = new RiskGate({
      limits,
      instruments: [
        { symbol: 'AAPL', assetClass: 'equity', priceIncrement: 0.01, quantityIncrement: 1, minQuantity: 5 },
      ],
      portfolio: positions,
      quotes,
      feedHealth,
    });
    expect(strict.checkSubmit(order({ quantity: 4 }), NOW)).toBe(RiskReason.QUANTITY_BELOW_MINIMUM);
  });

  it('PRICE_INVALID: denies a limit order without a usable limit price, and a stop without a stop price', () => {
    const { gate } = riskFixture();
    const { limitPrice: _omitted, ...noPrice } = order();
    expect(gate.checkSubmit(noPrice, NOW)).toBe(RiskReason.PRICE_INVALID);
    expect(gate.checkSubmit(order({ limitPrice: -150 }), NOW)).toBe(RiskReason.PRICE_INVALID);
    expect(gate.checkSubmit(order({ type: 'stop_limit' }), NOW)).toBe(RiskReason.PRICE_INVALID);
    expect(gate.checkSubmit(order({ type: 'stop_limit', stopPrice: 150.05 }), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('PRICE_OFF_INCREMENT: denies 150.015 on a 0.01 grid, allows 150.01', () => {
    const { gate } = riskFixture();
    expect(gate.checkSubmit(order({ limitPrice: 150.015 }), NOW)).toBe(RiskReason.PRICE_OFF_INCREMENT);
    expect(gate.checkSubmit(order({ limitPrice: 150.01 }), NOW)).toBe(RiskReason.ALLOWED);
  });
});

describe('RiskGate: trading state, kill switch and feeds', () => {
  it('KILL_SWITCH_TRIPPED: denies everything new while latched, whatever the trading state; cancels still pass', () => {
    const { gate } = riskFixture();
    gate.latchKillSwitch('test', 'ops', NOW);
    gate.setTradingState('active', 'ops', NOW);
    expect(gate.checkSubmit(order(), NOW)).toBe(RiskReason.KILL_SWITCH_TRIPPED);
    expect(gate.checkCancel('c1', 'AAPL', NOW, false)).toBe(RiskReason.ALLOWED);
    gate.releaseKillSwitch('ops', 'active', NOW);
    expect(gate.checkSubmit(order(), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('TRADING_HALTED: denies submits and replaces, allows cancels', () => {
    const { gate } = riskFixture();
    gate.setTradingState('halted', 'ops', NOW);
    expect(gate.tradingState).toBe('halted');
    expect(gate.checkSubmit(order(), NOW)).toBe(RiskReason.TRADING_HALTED);
    expect(gate.checkReplace(order(), 10, NOW)).toBe(RiskReason.TRADING_HALTED);
    expect(gate.checkCancel('c1', 'AAPL', NOW, false)).toBe(RiskReason.ALLOWED);
    gate.setTradingState('active', 'ops', NOW);
    expect(gate.checkSubmit(order(), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('REDUCE_ONLY: in reducing state only orders that shrink the position (and cannot flip it) pass', () => {
    const { gate, positions } = riskFixture();
    positions.applyFillDelta('default', 'AAPL', 'buy', 100, 15_000, 0);
    gate.setTradingState('reducing', 'ops', NOW);
    expect(gate.checkSubmit(order({ side: 'buy' }), NOW)).toBe(RiskReason.REDUCE_ONLY);
    expect(gate.checkSubmit(order({ side: 'sell', quantity: 101, limitPrice: 150 }), NOW)).toBe(RiskReason.REDUCE_ONLY);
    positions.adjustOpenOrders('default', 'AAPL', 'sell', 95, 1);
    expect(gate.checkSubmit(order({ side: 'sell', quantity: 10, limitPrice: 150 }), NOW)).toBe(RiskReason.REDUCE_ONLY);
    expect(gate.checkSubmit(order({ side: 'sell', quantity: 5, limitPrice: 150 }), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('FEED_STALE: denies when the symbol has not ticked within its threshold', () => {
    const { gate, tick } = riskFixture();
    expect(gate.checkSubmit(order(), 1_000 + 5_001)).toBe(RiskReason.FEED_STALE);
    tick('AAPL', 150, 150.02, 6_000);
    expect(gate.checkSubmit(order(), 6_001)).toBe(RiskReason.ALLOWED);
  });

  it('FEED_GAPPED: denies while the symbol is gapped, allows after the resync', () => {
    const { gate, feedHealth } = riskFixture();
    feedHealth.reportGap(symbolIdOf('AAPL'), NOW, 3);
    expect(gate.checkSubmit(order(), NOW)).toBe(RiskReason.FEED_GAPPED);
    feedHealth.markResynced(symbolIdOf('AAPL'), NOW);
    expect(gate.checkSubmit(order(), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('NO_REFERENCE_PRICE: denies a market buy when there is no ask to value it at', () => {
    const { gate, tick } = riskFixture();
    const market = order({ type: 'market', limitPrice: undefined });
    tick('AAPL', 150, Number.NaN, 1_400);
    expect(gate.checkSubmit(market, NOW)).toBe(RiskReason.NO_REFERENCE_PRICE);
    expect(gate.checkSubmit({ ...market, clientOrderId: 'sell', side: 'sell' }, NOW)).toBe(RiskReason.ALLOWED);
    tick('AAPL', 150, 150.02, 1_450);
    expect(gate.checkSubmit({ ...market, clientOrderId: 'buy-again' }, NOW)).toBe(RiskReason.ALLOWED);
  });

  it('PRICE_BAND: denies a limit or stop price further than 100 bps from the mid (fat finger)', () => {
    const { gate } = riskFixture();
    expect(gate.checkSubmit(order({ limitPrice: 151.6 }), NOW)).toBe(RiskReason.PRICE_BAND);
    expect(gate.checkSubmit(order({ limitPrice: 148.4 }), NOW)).toBe(RiskReason.PRICE_BAND);
    expect(gate.checkSubmit(order({ type: 'stop', limitPrice: undefined, stopPrice: 160 }), NOW)).toBe(
      RiskReason.PRICE_BAND,
    );
    expect(gate.checkSubmit(order({ limitPrice: 151.5 }), NOW)).toBe(RiskReason.ALLOWED);
    expect(gate.checkSubmit(order({ type: 'stop', limitPrice: undefined, stopPrice: 149 }), NOW)).toBe(
      RiskReason.ALLOWED,
    );
  });
});

describe('RiskGate: frozen limits, names and records', () => {
  it('freezes a copy of the limits: changing the original or the copy changes nothing', () => {
    const limits = testLimits() as { symbolDefaults: { maxOrderQuantity: number } };
    const { gate } = riskFixture(limits as never);
    limits.symbolDefaults.maxOrderQuantity = 1;
    expect(gate.checkSubmit(order({ quantity: 500 }), NOW)).toBe(RiskReason.ALLOWED);
    expect(Object.isFrozen(gate.limits.symbolDefaults)).toBe(true);
    expect(() => {
      (gate.limits.symbolDefaults as { maxOrderQuantity: number }).maxOrderQuantity = 1;
    }).toThrow(TypeError);
    expect(gate.limits.symbolDefaults.maxOrderQuantity).toBe(1_000);
  });

  it('refuses invalid limits, naming every bad field', () => {
    const limits = testLimits();
    const bad = { ...limits, symbolDefaults: { ...limits.symbolDefaults, priceBandBps: -1 }, rates: undefined };
    let error: unknown;
    try {
      riskFixture(bad as never);
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).issues.map((issue) => issue.fieldPath)).toEqual([
      'symbolDefaults.priceBandBps',
      'rates',
    ]);
  });

  it('names every reason code, and unknown numbers as such', () => {
    for (const [name, code] of Object.entries(RiskReason)) expect(reasonName(code)).toBe(name);
    expect(reasonName(999)).toBe('UNKNOWN_REASON');
  });

  it('records every decision, allowed or denied, with its kind and code', () => {
    const { gate, recorder } = riskFixture();
    const denied = order({ quantity: 0 });
    gate.checkSubmit(denied, NOW);
    gate.checkReplace(order(), 4, NOW);
    gate.checkCancel('c9', 'AAPL', NOW, true);
    expect(recorder.decisions.map((decision) => [decision.kind, decision.code])).toEqual([
      [DecisionKind.SUBMIT, RiskReason.QUANTITY_INVALID],
      [DecisionKind.REPLACE, RiskReason.ALLOWED],
      [DecisionKind.EMERGENCY_CANCEL, RiskReason.ALLOWED],
    ]);
    expect(recorder.decisions[0]?.subject).toBe(denied);
  });
});
