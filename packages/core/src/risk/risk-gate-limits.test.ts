import { describe, expect, it } from 'vitest';
import { order, riskFixture } from './__fixtures__/risk-fixture';
import { RiskReason } from './risk-reasons';

const NOW = 1_500;

describe('RiskGate: order size', () => {
  it('MAX_ORDER_QUANTITY: denies above 1000, allows 1000', () => {
    const { gate } = riskFixture();
    expect(gate.checkSubmit(order({ quantity: 1_001 }), NOW)).toBe(RiskReason.MAX_ORDER_QUANTITY);
    expect(gate.checkSubmit(order({ quantity: 1_000, limitPrice: 150 }), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('MAX_ORDER_NOTIONAL: values the order at its limit, or a market order at the side it takes', () => {
    const { gate } = riskFixture();
    expect(gate.checkSubmit(order({ quantity: 1_000, limitPrice: 150.01 }), NOW)).toBe(RiskReason.MAX_ORDER_NOTIONAL);
    expect(gate.checkSubmit(order({ type: 'market', limitPrice: undefined, quantity: 1_000 }), NOW)).toBe(
      RiskReason.MAX_ORDER_NOTIONAL,
    );
    expect(gate.checkSubmit(order({ type: 'market', limitPrice: undefined, side: 'sell', quantity: 1_000 }), NOW)).toBe(
      RiskReason.ALLOWED,
    );
  });
});

describe('RiskGate: positions and exposure', () => {
  it('MAX_POSITION: counts the position plus open orders on the same side; reducing orders always pass', () => {
    const { gate, positions } = riskFixture();
    positions.applyFillDelta('default', 'AAPL', 'buy', 1_500, 225_000, 0);
    positions.adjustOpenOrders('default', 'AAPL', 'buy', 400, 1);
    expect(gate.checkSubmit(order({ quantity: 101, limitPrice: 150 }), NOW)).toBe(RiskReason.MAX_POSITION);
    expect(gate.checkSubmit(order({ quantity: 100, limitPrice: 150 }), NOW)).toBe(RiskReason.ALLOWED);
    positions.applyFillDelta('default', 'AAPL', 'buy', 500, 75_000, 0); // now 2000 long + 400 open
    expect(gate.checkSubmit(order({ side: 'sell', quantity: 300, limitPrice: 150 }), NOW)).toBe(RiskReason.ALLOWED);
  });

  it("MAX_POSITION on a replace: the replaced order's open quantity is handed over, not added", () => {
    const { gate, positions } = riskFixture();
    positions.applyFillDelta('default', 'AAPL', 'buy', 1_500, 225_000, 0);
    positions.adjustOpenOrders('default', 'AAPL', 'buy', 500, 1);
    expect(gate.checkSubmit(order({ quantity: 100, limitPrice: 150 }), NOW)).toBe(RiskReason.MAX_POSITION);
    expect(gate.checkReplace(order({ quantity: 500, limitPrice: 150 }), 500, NOW)).toBe(RiskReason.ALLOWED);
    expect(gate.checkReplace(order({ quantity: 501, limitPrice: 150 }), 500, NOW)).toBe(RiskReason.MAX_POSITION);
  });

  it('MAX_SYMBOL_EXPOSURE: worst-case position times price', () => {
    const { gate, positions, tick } = riskFixture();
    tick('BTC-USD', 60_000, 60_001, 1_400);
    positions.applyFillDelta('default', 'BTC-USD', 'buy', 4, 240_000, 0);
    expect(gate.checkSubmit(order({ symbol: 'BTC-USD', quantity: 1.1, limitPrice: 60_000 }), NOW)).toBe(
      RiskReason.MAX_SYMBOL_EXPOSURE,
    );
    expect(gate.checkSubmit(order({ symbol: 'BTC-USD', quantity: 0.9, limitPrice: 60_000 }), NOW)).toBe(
      RiskReason.ALLOWED,
    );
  });

  it("MAX_ACCOUNT_GROSS_EXPOSURE: adds the order's worst-case increase to the account's gross exposure", () => {
    const { gate, positions, tick } = riskFixture();
    tick('BTC-USD', 60_000, 60_000, 1_400);
    positions.applyFillDelta('default', 'BTC-USD', 'sell', 4, 240_000, 0); // 240k gross, -240k net
    positions.applyFillDelta('default', 'AAPL', 'buy', 1_600, 240_000, 0); // +240k: 480k gross, 0 net
    expect(gate.checkSubmit(order({ quantity: 200, limitPrice: 150 }), NOW)).toBe(
      RiskReason.MAX_ACCOUNT_GROSS_EXPOSURE,
    );
    expect(gate.checkSubmit(order({ quantity: 100, limitPrice: 150 }), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('MAX_ACCOUNT_NET_EXPOSURE: denies an order that pushes net exposure further past the limit', () => {
    const { gate, positions, tick } = riskFixture();
    tick('BTC-USD', 60_000, 60_000, 1_400);
    positions.applyFillDelta('default', 'BTC-USD', 'buy', 4.9, 294_000, 0);
    positions.applyFillDelta('default', 'AAPL', 'buy', 600, 90_000, 0); // net ~384k
    expect(gate.checkSubmit(order({ quantity: 200, limitPrice: 150 }), NOW)).toBe(RiskReason.MAX_ACCOUNT_NET_EXPOSURE);
    expect(gate.checkSubmit(order({ quantity: 50, limitPrice: 150 }), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('MAX_OPEN_ORDERS: denies a sixth open order; replaces do not add one', () => {
    const { gate, positions } = riskFixture();
    positions.adjustOpenOrders('default', 'AAPL', 'buy', 50, 5);
    expect(gate.checkSubmit(order(), NOW)).toBe(RiskReason.MAX_OPEN_ORDERS);
    expect(gate.checkReplace(order(), 10, NOW)).toBe(RiskReason.ALLOWED);
    positions.adjustOpenOrders('default', 'AAPL', 'buy', -10, -1);
    expect(gate.checkSubmit(order(), NOW)).toBe(RiskReason.ALLOWED);
  });

  it('keeps limits per account: another account is not affected', () => {
    const { gate, positions } = riskFixture();
    positions.adjustOpenOrders('default', 'AAPL', 'buy', 50, 5);
    expect(gate.checkSubmit(order({ account: 'default' }), NOW)).toBe(RiskReason.MAX_OPEN_ORDERS);
    expect(gate.checkSubmit(order({ account: 'other' }), NOW)).toBe(RiskReason.ALLOWED);
  });
});

describe('RiskGate: rates', () => {
  it('ORDER_RATE: at most 10 submits and replaces in any second, sliding', () => {
    const { gate } = riskFixture();
    for (let index = 0; index < 10; index++)
      expect(gate.checkSubmit(order(), NOW + index * 10)).toBe(RiskReason.ALLOWED);
    expect(gate.checkReplace(order(), 10, NOW + 500)).toBe(RiskReason.ORDER_RATE);
    expect(gate.checkSubmit(order(), NOW + 999)).toBe(RiskReason.ORDER_RATE);
    expect(gate.checkSubmit(order(), NOW + 1_000)).toBe(RiskReason.ALLOWED);
    expect(gate.checkSubmit(order(), NOW + 1_001)).toBe(RiskReason.ORDER_RATE);
    expect(gate.checkSubmit(order(), NOW + 1_010)).toBe(RiskReason.ALLOWED);
  });

  it('CANCEL_RATE: at most 3 cancels a second; kill-switch cancels are exempt and uncounted', () => {
    const { gate } = riskFixture();
    for (let index = 0; index < 3; index++)
      expect(gate.checkCancel(`c${index}`, 'AAPL', NOW, false)).toBe(RiskReason.ALLOWED);
    expect(gate.checkCancel('c3', 'AAPL', NOW + 1, false)).toBe(RiskReason.CANCEL_RATE);
    for (let index = 0; index < 50; index++)
      expect(gate.checkCancel(`e${index}`, 'AAPL', NOW + 1, true)).toBe(RiskReason.ALLOWED);
    expect(gate.checkCancel('c4', 'AAPL', NOW + 1_000, false)).toBe(RiskReason.ALLOWED);
  });
});

describe("RiskGate: daily loss and drawdown from the order manager's PnL", () => {
  it('MAX_DAILY_LOSS: denies new risk once the day lost 1000, still lets the position be reduced', () => {
    const { gate, positions, tick } = riskFixture();
    positions.applyFillDelta('default', 'AAPL', 'buy', 100, 15_000, 0);
    tick('AAPL', 141, 141.02, 1_400); // -899 unrealized
    expect(gate.checkSubmit(order({ limitPrice: 141.01 }), NOW)).toBe(RiskReason.ALLOWED);
    tick('AAPL', 139.99, 140.01, 1_450); // -1000
    expect(gate.checkSubmit(order({ limitPrice: 140 }), NOW)).toBe(RiskReason.MAX_DAILY_LOSS);
    expect(gate.checkSubmit(order({ side: 'sell', quantity: 50, limitPrice: 140 }), NOW)).toBe(RiskReason.ALLOWED);
    const breach = gate.findLossLimitBreach(NOW);
    expect(breach).toMatchObject({ account: 'default', code: RiskReason.MAX_DAILY_LOSS, limit: 1_000 });
  });

  it("MAX_DRAWDOWN: denies once PnL fell 1500 from today's peak, even while the day is still up", () => {
    const { gate, positions, tick } = riskFixture();
    positions.applyFillDelta('default', 'AAPL', 'buy', 100, 15_000, 0);
    tick('AAPL', 170, 170, 1_400);
    positions.markAccount('default', 1_400); // peak +2000
    tick('AAPL', 155.01, 155.01, 1_450); // +501: down 1499 from the peak
    expect(gate.checkSubmit(order({ limitPrice: 155 }), NOW)).toBe(RiskReason.ALLOWED);
    tick('AAPL', 155, 155, 1_460); // +500: down 1500
    expect(gate.checkSubmit(order({ limitPrice: 155 }), NOW)).toBe(RiskReason.MAX_DRAWDOWN);
    expect(gate.findLossLimitBreach(NOW)).toMatchObject({ code: RiskReason.MAX_DRAWDOWN, drawdown: 1_500 });
  });
});
