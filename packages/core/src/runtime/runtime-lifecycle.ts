import { resolve } from 'node:path';
import type { Bridge } from '../bridge/create-bridge';
import { createBridge } from '../bridge/create-bridge';
import type { Logger } from '../connector/logger';
import { TickwireError } from '../errors/tickwire-error';
import type { FeedHealth } from '../feed/feed-health';
import type { LastQuoteBook } from '../feed/last-quote-book';
import type { PositionBook } from '../oms/position-book';
import { SpscRing } from '../ring/spsc-ring';
import type { AuditLog } from '../risk/audit-log';
import type { KillSwitch } from '../risk/kill-switch';
import { describeTickStoreEvent } from '../store/store-events';
import { TickStore } from '../store/tick-store';
import type { SymbolRegistry } from '../tick/symbol-registry';
import { BridgeFeedConsumer } from './bridge-feed-consumer';
import type { ConnectorHost } from './connector-host';
import type { InstrumentCatalog } from './instrument-catalog';
import type { MarketStateConsumer } from './market-state-consumer';
import type { OrderRouter } from './order-router';
import { orderFillToEvent, orderUpdateToEvent } from './order-update-events';
import type { RuntimeConfig } from './runtime-config-schema';
import { StoreFeedConsumer } from './store-feed-consumer';
import type { StrategyRunner } from './strategy-runner';
import { type TickConsumer, TickHub } from './tick-hub';

const STORE_RING_CAPACITY = 1 << 17;
const HOUSEKEEPING_INTERVAL_MS = 250;

/** Everything the lifecycle starts and stops. */
export interface RuntimeParts {
  readonly config: RuntimeConfig;
  readonly baseDirectory: string;
  readonly logger: Logger;
  readonly hosts: ReadonlyMap<string, ConnectorHost>;
  readonly rings: readonly SpscRing[];
  readonly catalog: InstrumentCatalog;
  readonly marketState: MarketStateConsumer;
  readonly strategies: StrategyRunner;
  readonly feedHealth: FeedHealth;
  readonly killSwitch: KillSwitch;
  readonly audit: AuditLog;
  readonly quotes: LastQuoteBook;
  readonly positions: PositionBook;
  readonly symbols: SymbolRegistry;
  readonly orders: OrderRouter;
}

/**
 * Starts and stops a runtime in the one order that loses nothing: outputs (store, bridge, consumers) before
 * inputs (connectors); on stop, inputs first, then drain, then outputs.
 */
export class RuntimeLifecycle {
  bridge: Bridge | undefined;
  store: TickStore | undefined;
  hub: TickHub;
  private storeRing: SpscRing | undefined;
  private housekeeping: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private started = false;

  constructor(private readonly parts: RuntimeParts) {
    this.hub = this.createHub([parts.marketState, parts.strategies]);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { config, logger, hosts, strategies, killSwitch } = this.parts;
    const consumers: TickConsumer[] = [this.parts.marketState];
    if (config.store !== undefined) {
      this.storeRing = SpscRing.create({ capacity: STORE_RING_CAPACITY, overflow: 'drop-newest' });
      this.store = await TickStore.start({
        ring: this.storeRing,
        directory: resolve(this.parts.baseDirectory, config.store.dir),
        flushIntervalMs: config.store.flushIntervalMs,
        fsync: config.store.fsync,
        maxFileBytes: config.store.maxFileBytes,
        symbols: this.parts.catalog.instruments.map((instrument) => ({
          symbol: instrument.symbol,
          priceIncrement: instrument.priceIncrement,
        })),
        sources: [...hosts.values()].map((host) => ({ id: host.sourceId, name: host.sourceName })),
        onEvent: (event) => {
          if (event.type === 'write-failed' || event.type === 'file-skipped' || event.type === 'unknown-symbol') {
            logger.error('tick store', { event: describeTickStoreEvent(event) });
          }
        },
      });
      consumers.push(new StoreFeedConsumer(this.storeRing));
      logger.info('tick store started', { directory: this.store.directory });
    }
    if (config.bridge !== undefined) {
      this.bridge = createBridge({ ...config.bridge, intentHandler: this.parts.orders });
      const endpoints = await this.bridge.start();
      consumers.push(new BridgeFeedConsumer(this.bridge));
      logger.info('bridge started', { ...endpoints });
    }
    consumers.push(strategies);
    this.hub = this.createHub(consumers);
    this.wireOrderEvents();
    this.hub.start();
    await strategies.start(
      this.parts.orders,
      this.parts.quotes,
      this.parts.symbols,
      this.parts.feedHealth,
      new Map(this.parts.catalog.instruments.map((instrument) => [instrument.symbol, instrument])),
    );

    const results = await Promise.allSettled([...hosts.values()].map((host) => host.start()));
    const failures = results.filter((result) => result.status === 'rejected');
    if (failures.length === results.length) {
      await this.stop();
      throw new TickwireError({
        code: 'CONNECTION_FAILED',
        message: `No connector could start: ${failures
          .map((failure) => String((failure as PromiseRejectedResult).reason?.message ?? failure))
          .join('; ')}. Check each connector's config and that its broker (or fake broker) is reachable.`,
      });
    }
    this.housekeeping = setInterval(() => {
      const now = Date.now();
      this.parts.feedHealth.sweep(now);
      // Marks every position to the last quote, so drawdown is sampled even while no order is being checked.
      this.parts.positions.markAll(now);
      const breach = killSwitch.evaluate(now);
      if (breach !== undefined) logger.error('loss limit breached: kill switch tripped', { ...breach });
    }, HOUSEKEEPING_INTERVAL_MS);
    this.housekeeping.unref();
  }

  /** Ticks the store's ring dropped because the store fell behind (counted as store losses). */
  storeRingDropped(): number {
    return this.storeRing?.stats().dropped ?? 0;
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopInOrder();
    return this.stopping;
  }

  private async stopInOrder(): Promise<void> {
    const { config, logger, hosts, strategies } = this.parts;
    if (this.housekeeping !== undefined) clearInterval(this.housekeeping);
    await strategies.stop();
    if (config.shutdown.openOrders === 'cancel') {
      for (const host of hosts.values()) {
        if (host.instance === undefined || host.orderManager.openOrders().length === 0) continue;
        const report = await host.orderManager.cancelAllOpenOrders();
        logger.info('open orders canceled at stop', { connector: host.connectorId, requested: report.requested });
      }
    }
    await Promise.all(
      [...hosts.values()].map(async (host) => {
        await host.settled();
        await host.stop();
      }),
    );
    // The connectors have stopped producing: drain every ring into the consumers.
    await this.hub.stop();
    if (this.storeRing !== undefined && this.store !== undefined) {
      this.storeRing.close();
      await this.store.closed;
    }
    await this.bridge?.stop();
    this.parts.audit.close();
  }

  private createHub(consumers: TickConsumer[]): TickHub {
    return new TickHub(this.parts.rings, consumers, (consumer, error, removed) =>
      this.parts.logger.error(removed ? 'tick consumer removed after repeated failures' : 'tick consumer threw', {
        consumer: consumer.name,
        error: (error as Error)?.message ?? String(error),
      }),
    );
  }

  private wireOrderEvents(): void {
    const { hosts, strategies, killSwitch } = this.parts;
    for (const host of hosts.values()) {
      host.orderManager.on('order', (update) => {
        this.bridge?.publishOrderUpdate(orderUpdateToEvent(update));
        strategies.onOrderUpdate(update);
      });
      host.orderManager.on('fill', (fill) => {
        // A fill of 0 units confirms (and re-prices) units already reported: an order update, not a second fill.
        this.bridge?.publishOrderUpdate(fill.quantity > 0 ? orderFillToEvent(fill) : orderUpdateToEvent(fill));
        strategies.onFill(fill);
        killSwitch.evaluate();
      });
    }
  }
}
