import { describe, expect, it } from 'vitest';
import { FillOutcome, OrderFillLedger } from './fill-ledger';

describe('OrderFillLedger', () => {
  it('counts each execution id once', () => {
    const ledger = new OrderFillLedger();
    expect(ledger.applyExecution('e1', 10, 100, 0.5)).toBe(FillOutcome.APPLIED);
    expect(ledger.applyExecution('e1', 10, 100, 0.5)).toBe(FillOutcome.ALREADY_KNOWN);
    expect(ledger.applyExecution('e2', 5, 106)).toBe(FillOutcome.APPLIED);
    expect(ledger.filledQuantity).toBe(15);
    expect(ledger.averagePrice).toBeCloseTo(102, 12);
    expect(ledger.fees).toBe(0.5);
    expect(ledger.hasExecution('e2')).toBe(true);
  });

  it('refuses non-positive and non-finite input', () => {
    const ledger = new OrderFillLedger();
    expect(ledger.applyExecution('e1', 0, 100)).toBe(FillOutcome.INVALID);
    expect(ledger.applyExecution('e1', 1, Number.NaN)).toBe(FillOutcome.INVALID);
    expect(ledger.applyCumulative(Number.POSITIVE_INFINITY, 1, 1)).toBe(FillOutcome.INVALID);
    expect(ledger.filledQuantity).toBe(0);
  });

  it('books a cumulative total above the known one as a synthetic fill priced by average math', () => {
    const ledger = new OrderFillLedger();
    ledger.applyExecution('e1', 40, 100);
    // Broker: 100 filled at an average of 101 -> the other 60 cost 10100 - 4000 = 6100, i.e. 101.6667 each.
    expect(ledger.applyCumulative(100, 101, 99)).toBe(FillOutcome.APPLIED);
    expect(ledger.quantityDelta).toBe(60);
    expect(ledger.notionalDelta).toBeCloseTo(6_100, 9);
    expect(ledger.filledNotional).toBeCloseTo(10_100, 9);
    expect(ledger.syntheticQuantity).toBe(60);
  });

  it('ignores a cumulative total at or below the known quantity', () => {
    const ledger = new OrderFillLedger();
    ledger.applyExecution('e1', 40, 100);
    expect(ledger.applyCumulative(40, Number.NaN, 100)).toBe(FillOutcome.ALREADY_KNOWN);
    expect(ledger.applyCumulative(30, 100, 100)).toBe(FillOutcome.ALREADY_KNOWN);
    expect(ledger.filledQuantity).toBe(40);
  });

  it('lets real executions replace synthetic quantity without counting it twice', () => {
    const ledger = new OrderFillLedger();
    ledger.applyCumulative(100, 11, 10); // truth: e1 50 @ 10, e2 50 @ 12
    expect(ledger.filledQuantity).toBe(100);
    ledger.applyExecution('e1', 50, 10);
    expect(ledger.quantityDelta).toBe(0);
    expect(ledger.filledQuantity).toBe(100);
    // The averaged total still anchors the notional while e2 is missing.
    expect(ledger.filledNotional).toBeCloseTo(1_100, 9);
    ledger.applyExecution('e2', 50, 12);
    expect(ledger.quantityDelta).toBe(0);
    expect(ledger.filledNotional).toBeCloseTo(1_100, 9);
    expect(ledger.syntheticQuantity).toBe(0);
  });

  it('uses the fallback price when the total has no average, and corrects it when executions arrive', () => {
    const ledger = new OrderFillLedger();
    ledger.applyCumulative(10, Number.NaN, 50);
    expect(ledger.filledNotional).toBe(500);
    ledger.applyExecution('e1', 10, 49);
    expect(ledger.quantityDelta).toBe(0);
    expect(ledger.notionalDelta).toBeCloseTo(-10, 9);
    expect(ledger.filledNotional).toBeCloseTo(490, 9);
  });

  it('refines the notional when the same total arrives with an average', () => {
    const ledger = new OrderFillLedger();
    ledger.applyCumulative(10, Number.NaN, 50);
    expect(ledger.applyCumulative(10, 51, 50)).toBe(FillOutcome.APPLIED);
    expect(ledger.quantityDelta).toBe(0);
    expect(ledger.filledNotional).toBeCloseTo(510, 9);
  });

  it('treats float noise between executions and totals as equal', () => {
    const ledger = new OrderFillLedger();
    ledger.applyExecution('e1', 0.1, 10);
    ledger.applyExecution('e2', 0.2, 10);
    expect(ledger.applyCumulative(0.3, 10, 10)).toBe(FillOutcome.ALREADY_KNOWN);
    expect(ledger.syntheticQuantity).toBe(0);
  });
});
