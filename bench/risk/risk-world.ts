import type { Instrument } from '../../packages/core/src/domain/instrument';
import type { OrderRequest } from '../../packages/core/src/domain/order-request';
import { FeedHealth } from '../../packages/core/src/feed/feed-health';
import { LastQuoteBook } from '../../packages/core/src/feed/last-quote-book';
import { PositionBook } from '../../packages/core/src/oms/position-book';
import { DecisionRing, type RiskDecisionRecorder } from '../../packages/core/src/risk/decision-ring';
import { RiskGate } from '../../packages/core/src/risk/risk-gate';
import type { RiskLimits } from '../../packages/core/src/risk/risk-limits';
import { symbolIdOf } from '../../packages/core/src/tick/symbol-id';

export const SYMBOL_COUNT = 8;
/** Twice the gate's duplicate window, so a cycled request's id has always been forgotten when it comes back. */
export const POOL_SIZE = 32_768;
const BASE_PRICE = 100;

/** The gate's audit recorder on the hot path: pushes into a preallocated ring; the bench drains it between batches. */
export class RingRecorder implements RiskDecisionRecorder {
  readonly ring = new DecisionRing(4_096);
  recordDecision(
    timeMs: number,
    kind: 0 | 1 | 2 | 3,
    code: number,
    subject: OrderRequest | string,
    symbol: string,
    extra: number,
  ): void {
    if (!this.ring.push(timeMs, kind, code, subject, symbol, extra)) {
      this.ring.drain(ignoreDecision);
      this.ring.push(timeMs, kind, code, subject, symbol, extra);
    }
  }
  recordEvent(): void {}
}

function ignoreDecision(): void {}

/** Drains a ring without serializing (serialization is measured in its own case). */
export function discardDecisions(ring: DecisionRing): void {
  ring.drain(ignoreDecision);
}

export const INSTRUMENTS: readonly Instrument[] = Array.from({ length: SYMBOL_COUNT }, (_, index) => ({
  symbol: `SYM${index}`,
  assetClass: 'equity' as const,
  priceIncrement: 0.01,
  quantityIncrement: 1,
}));

export const LIMITS: RiskLimits = {
  symbolDefaults: {
    maxOrderQuantity: 10_000,
    maxOrderNotional: 1_000_000,
    maxPosition: 100_000,
    maxSymbolExposure: 10_000_000,
    priceBandBps: 200,
  },
  accountDefaults: {
    maxGrossExposure: 100_000_000,
    maxNetExposure: 100_000_000,
    maxOpenOrders: 1_000,
    maxDailyLoss: 50_000,
    maxDrawdown: 75_000,
  },
  // One check per simulated millisecond stays inside 5000 per second: every check runs the whole path.
  rates: { maxOrders: 5_000, orderWindowMs: 1_000, maxCancels: 5_000, cancelWindowMs: 1_000 },
  duplicateWindow: 16_384,
};

/**
 * Builds the requests the bench cycles through. Ids go through JSON, as they would arrive from the bridge: a
 * template-literal id is a rope (ConsString) that V8 reads through an indirection, which is not what production
 * ids look like.
 */
export function buildRequestPool(): OrderRequest[] {
  const pool: OrderRequest[] = [];
  for (let index = 0; index < POOL_SIZE; index++) {
    const side = index % 2 === 0 ? 'buy' : 'sell';
    pool.push({
      clientOrderId: JSON.parse(JSON.stringify(`intent-${index}-${(index * 2_654_435_761) >>> 0}`)) as string,
      symbol: `SYM${index % SYMBOL_COUNT}`,
      side,
      type: 'limit',
      timeInForce: 'day',
      quantity: 1 + (index % 50),
      limitPrice: Math.round((BASE_PRICE + (side === 'buy' ? -0.05 : 0.05) + (index % 7) * 0.01) * 100) / 100,
      account: 'default',
    });
  }
  return pool;
}

/** A gate over real quotes, feed health and positions, ticking every symbol at `timeMs`. */
export function buildGateWorld() {
  const quotes = new LastQuoteBook();
  const feedHealth = new FeedHealth({ staleAfterMs: 5_000 });
  const positions = new PositionBook(quotes);
  const recorder = new RingRecorder();
  const gate = new RiskGate({
    limits: LIMITS,
    instruments: INSTRUMENTS,
    portfolio: positions,
    quotes,
    feedHealth,
    audit: recorder,
  });
  const symbolIds = INSTRUMENTS.map((instrument) => symbolIdOf(instrument.symbol));
  // Some held positions and open orders, so exposure and PnL math has numbers to work on.
  for (let index = 0; index < SYMBOL_COUNT; index++) {
    positions.applyFillDelta('default', `SYM${index}`, index % 2 === 0 ? 'buy' : 'sell', 100, 100 * BASE_PRICE, 0);
    positions.adjustOpenOrders('default', `SYM${index}`, 'buy', 10, 1);
  }
  const tickAll = (timeMs: number): void => {
    for (let index = 0; index < SYMBOL_COUNT; index++) {
      const symbol = (INSTRUMENTS[index] as Instrument).symbol;
      quotes.update(symbol, BASE_PRICE - 0.01, BASE_PRICE + 0.01, timeMs);
      feedHealth.recordTick(symbolIds[index] as number, timeMs, BASE_PRICE - 0.01, BASE_PRICE + 0.01);
    }
  };
  return { gate, recorder, tickAll, positions };
}
