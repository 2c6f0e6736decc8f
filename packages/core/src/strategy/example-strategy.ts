import { readTickFlags, readTickSymbolId } from '../tick/tick-decoder';
import { TickFlags } from '../tick/tick-flags';
import { TICK_OFFSET_ASK, TICK_OFFSET_BID } from '../tick/tick-layout';
import type { Strategy, StrategyContext } from './strategy';

/** Settings of the example strategy. */
export interface ExampleStrategyOptions {
  /** Cash value per order; the quantity is this over the price, on the instrument's quantity step. Default 2,000. */
  readonly notionalPerOrder?: number;
  /** Smoothing of the mid's moving average, 0..1. Default 0.01. */
  readonly alpha?: number;
  /** Trade when the mid is this many spreads away from its average. Default 3. */
  readonly thresholdSpreads?: number;
  /** Minimum time between orders per symbol, ms. Default 500. */
  readonly cooldownMs?: number;
}

interface SymbolState {
  average: number;
  lastOrderMs: number;
}

/**
 * A toy mean-reversion strategy that shows the whole order path on the simulated market: it buys when the mid
 * drops well below its moving average and sells when it rises well above, with marketable limit orders. As its
 * position grows the risk gate starts denying it (max position), which the live summary shows. Not advice.
 */
export function createExampleStrategy(options: ExampleStrategyOptions = {}): Strategy {
  const notionalPerOrder = options.notionalPerOrder ?? 2_000;
  const alpha = options.alpha ?? 0.01;
  const threshold = options.thresholdSpreads ?? 3;
  const cooldownMs = options.cooldownMs ?? 500;
  const states = new Map<number, SymbolState>();
  let context: StrategyContext | undefined;
  let orderCount = 0;

  const send = (symbol: string, side: 'buy' | 'sell', limitPrice: number) => {
    const step = context?.instrument(symbol)?.quantityIncrement ?? 1;
    const steps = Math.floor(notionalPerOrder / limitPrice / step);
    if (steps < 1) return;
    // Whole steps times the step, rounded to the step's decimals so 3 * 0.0001 is 0.0003, not 0.00030000000000000003.
    const decimals = Math.max(0, -Math.floor(Math.log10(step)));
    const quantity = Number((steps * step).toFixed(decimals));
    const clientOrderId = `example-${process.pid}-${++orderCount}`;
    void context
      ?.submitOrder({ clientOrderId, symbol, side, type: 'limit', timeInForce: 'ioc', quantity, limitPrice })
      .then((outcome) => {
        if (outcome.kind === 'denied')
          context?.logger.debug('order denied', { clientOrderId, reason: outcome.reasonName });
      });
  };

  return {
    name: 'example',
    start(strategyContext) {
      context = strategyContext;
    },
    onTick(view, byteOffset) {
      if (context === undefined || (readTickFlags(view, byteOffset) & TickFlags.TRADE) !== 0) return;
      const bid = view.getFloat32(byteOffset + TICK_OFFSET_BID, true);
      const ask = view.getFloat32(byteOffset + TICK_OFFSET_ASK, true);
      if (!(ask > bid)) return;
      const symbolId = readTickSymbolId(view, byteOffset);
      const mid = (bid + ask) / 2;
      let state = states.get(symbolId);
      if (state === undefined) {
        state = { average: mid, lastOrderMs: 0 };
        states.set(symbolId, state);
        return;
      }
      state.average += alpha * (mid - state.average);
      const now = context.nowMs();
      const band = threshold * (ask - bid);
      if (now - state.lastOrderMs < cooldownMs || Math.abs(mid - state.average) < band) return;
      const symbol = context.symbolOf(symbolId);
      if (symbol === undefined) return;
      state.lastOrderMs = now;
      // The runtime keeps quotes on the price grid; the f32 in the tick may sit just off it.
      const quote = context.lastQuote(symbol);
      if (mid < state.average) send(symbol, 'buy', quote.ask);
      else send(symbol, 'sell', quote.bid);
    },
  };
}
