import type { Instrument } from '../../domain/instrument';
import type { OrderRequest } from '../../domain/order-request';
import { FeedHealth } from '../../feed/feed-health';
import { LastQuoteBook } from '../../feed/last-quote-book';
import { PositionBook } from '../../oms/position-book';
import { symbolIdOf } from '../../tick/symbol-id';
import type { DecisionKindCode, RiskDecisionRecorder } from '../decision-ring';
import { RiskGate } from '../risk-gate';
import type { RiskLimits } from '../risk-limits';

export const INSTRUMENTS: readonly Instrument[] = [
  { symbol: 'AAPL', assetClass: 'equity', priceIncrement: 0.01, quantityIncrement: 1, minQuantity: 1 },
  { symbol: 'BTC-USD', assetClass: 'crypto', priceIncrement: 0.01, quantityIncrement: 1e-8 },
];

/** Limits loose enough that a plain AAPL order passes, tight enough to test each one. */
export function testLimits(): RiskLimits {
  return {
    symbolDefaults: {
      maxOrderQuantity: 1_000,
      maxOrderNotional: 150_000,
      maxPosition: 2_000,
      maxSymbolExposure: 300_000,
      priceBandBps: 100,
    },
    accountDefaults: {
      maxGrossExposure: 500_000,
      maxNetExposure: 400_000,
      maxOpenOrders: 5,
      maxDailyLoss: 1_000,
      maxDrawdown: 1_500,
    },
    rates: { maxOrders: 10, orderWindowMs: 1_000, maxCancels: 3, cancelWindowMs: 1_000 },
    duplicateWindow: 8,
  };
}

/** One recorded decision. */
export interface RecordedDecision {
  readonly timeMs: number;
  readonly kind: DecisionKindCode;
  readonly code: number;
  readonly subject: OrderRequest | string;
}

/** A recorder that keeps decisions in an array (the real AuditLog is tested with files). */
export class ArrayRecorder implements RiskDecisionRecorder {
  readonly decisions: RecordedDecision[] = [];
  readonly events: Array<Readonly<Record<string, unknown>>> = [];
  recordDecision(timeMs: number, kind: DecisionKindCode, code: number, subject: OrderRequest | string): void {
    this.decisions.push({ timeMs, kind, code, subject });
  }
  recordEvent(event: Readonly<Record<string, unknown>>): void {
    this.events.push(event);
  }
}

/** A gate over real quote, feed-health and position objects, with AAPL quoted 150.00 / 150.02 and fresh at t=1000. */
export function riskFixture(limits: RiskLimits = testLimits()) {
  const quotes = new LastQuoteBook();
  const feedHealth = new FeedHealth({ staleAfterMs: 5_000 });
  const positions = new PositionBook(quotes);
  const recorder = new ArrayRecorder();
  const gate = new RiskGate({
    limits,
    instruments: INSTRUMENTS,
    portfolio: positions,
    quotes,
    feedHealth,
    audit: recorder,
  });
  const tick = (symbol: string, bid: number, ask: number, timeMs: number) => {
    quotes.update(symbol, bid, ask, timeMs);
    feedHealth.recordTick(symbolIdOf(symbol), timeMs, bid, ask);
  };
  tick('AAPL', 150, 150.02, 1_000);
  tick('BTC-USD', 60_000, 60_001, 1_000);
  return { gate, quotes, feedHealth, positions, recorder, tick };
}

let sequence = 0;

/** A limit buy of 10 AAPL at 150.01 with a fresh client order id; override any field. */
export function order(fields: Partial<OrderRequest> = {}): OrderRequest {
  sequence++;
  return {
    clientOrderId: `t-${sequence}`,
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    timeInForce: 'day',
    quantity: 10,
    limitPrice: 150.01,
    ...fields,
  };
}
