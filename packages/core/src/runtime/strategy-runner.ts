import type { Logger } from '../connector/logger';
import type { Instrument } from '../domain/instrument';
import type { FeedHealth } from '../feed/feed-health';
import type { FeedHealthEvents } from '../feed/feed-health-events';
import type { LastQuoteBook } from '../feed/last-quote-book';
import type { OrderFillEvent, OrderUpdateEvent } from '../oms/order-manager-events';
import type { Strategy } from '../strategy/strategy';
import type { SymbolRegistry } from '../tick/symbol-registry';
import type { OrderRouter } from './order-router';
import type { TickConsumer } from './tick-hub';

const HEALTH_EVENTS: readonly (keyof FeedHealthEvents)[] = [
  'stale',
  'fresh',
  'gap',
  'resynced',
  'crossed',
  'uncrossed',
];

/**
 * Runs in-process strategies: ticks from the hub, order updates and fills from the order managers, health events
 * from feed health; orders through the router. A strategy that throws is logged; the others go on.
 */
export class StrategyRunner implements TickConsumer {
  readonly name = 'strategies';
  private accepting = false;

  constructor(
    private readonly strategies: readonly Strategy[],
    private readonly logger: Logger,
  ) {}

  get count(): number {
    return this.strategies.length;
  }

  /** Starts every strategy with its context and connects it to health events. */
  async start(
    router: OrderRouter,
    quotes: LastQuoteBook,
    symbols: SymbolRegistry,
    feedHealth: FeedHealth,
    instruments: ReadonlyMap<string, Instrument>,
  ): Promise<void> {
    this.accepting = true;
    for (const type of HEALTH_EVENTS) {
      feedHealth.on(type, (event) => this.each((strategy) => strategy.onHealth?.(type, event as never)));
    }
    for (const strategy of this.strategies) {
      await strategy.start?.({
        logger: this.logger.child({ strategy: strategy.name }),
        nowMs: Date.now,
        symbolOf: (symbolId) => symbols.symbolOf(symbolId),
        lastQuote: (symbol) => quotes.quoteOf(symbol),
        instrument: (symbol) => instruments.get(symbol),
        submitOrder: (order) =>
          this.accepting
            ? router.submitOrder(order)
            : Promise.resolve({
                kind: 'denied',
                reasonCode: 1006,
                reasonName: 'stopping',
                message: 'tickwire is stopping',
              }),
        cancelOrder: (clientOrderId) => router.cancelOrder(clientOrderId),
      });
    }
  }

  onTick(_bytes: Uint8Array, view: DataView, byteOffset: number): void {
    const strategies = this.strategies;
    for (let index = 0; index < strategies.length; index++) strategies[index]!.onTick?.(view, byteOffset);
  }

  onOrderUpdate(event: OrderUpdateEvent): void {
    this.each((strategy) => strategy.onOrderUpdate?.(event));
  }

  onFill(event: OrderFillEvent): void {
    this.each((strategy) => strategy.onFill?.(event));
  }

  /** Stops taking new orders from strategies and stops each one. */
  async stop(): Promise<void> {
    this.accepting = false;
    for (const strategy of this.strategies) {
      try {
        await strategy.stop?.();
      } catch (error) {
        this.logger.error('strategy failed to stop', { strategy: strategy.name, error: (error as Error).message });
      }
    }
  }

  private each(call: (strategy: Strategy) => void): void {
    for (const strategy of this.strategies) {
      try {
        call(strategy);
      } catch (error) {
        this.logger.error('strategy threw', { strategy: strategy.name, error: (error as Error).message });
      }
    }
  }
}
