import type { DataKind } from '../connector/capabilities';
import type { ConnectionState } from '../connector/connection-state';
import type { ConnectorContext } from '../connector/connector-context';
import type { ConnectorPlugin } from '../connector/connector-plugin';
import { createConnectorContext } from '../connector/default-connector-context';
import type { FeedHealthReporter } from '../connector/feed-health-reporter';
import type { Logger } from '../connector/logger';
import type { MarketDataSink } from '../connector/market-data-events';
import { checkConnectorInstance } from '../connector/plugin-compatibility';
import type { ITradingConnector } from '../connector/trading-connector';
import type { OrderEvent } from '../domain/order-event';
import { collectSecretValues } from '../errors/redact';
import { TickwireError } from '../errors/tickwire-error';
import { RingTickWriter } from '../ingest/ring-tick-writer';
import type { OrderManager } from '../oms/order-manager';
import type { OrderTransmitter } from '../oms/order-manager-types';
import type { SpscRing } from '../ring/spsc-ring';

/** What a {@link ConnectorHost} needs from the runtime. */
export interface ConnectorHostOptions {
  readonly connectorId: string;
  readonly plugin: ConnectorPlugin;
  /** The tick source's short name from the source registry. */
  readonly sourceName: string;
  /** The plugin's config, already validated by its schema. */
  readonly config: unknown;
  /** The raw config as the user wrote it: its secret values are masked in every log line. */
  readonly rawConfig: unknown;
  /** Symbols to subscribe at start (the connector's configured instruments). */
  readonly symbols: readonly string[];
  readonly kinds: readonly DataKind[];
  readonly ring: SpscRing;
  readonly priceIncrementOf: (symbolId: number) => number;
  /** Builds this connector's order manager around the transmitter the host provides. */
  readonly createOrderManager: (transmitter: OrderTransmitter) => OrderManager;
  readonly health: FeedHealthReporter;
  readonly marketData: MarketDataSink;
  readonly logger: Logger;
  /** Anything the embedding app or a test replaces (clock, fetch, WebSocket factory...). */
  readonly contextOverrides?: Partial<ConnectorContext>;
}

/**
 * One connector instance inside the runtime, isolated from the others: its own ring, tick writer, order manager
 * and abort signal. A failure in it (a throw from `connect`, an order-event the OMS cannot apply) is logged and
 * counted here and never reaches another connector.
 *
 * After an unexpected drop it holds new orders and, once the connector is back, reconciles with the broker from
 * the moment the connection was lost.
 */
export class ConnectorHost {
  readonly connectorId: string;
  readonly packageName: string;
  readonly sourceId: number;
  readonly sourceName: string;
  readonly symbols: readonly string[];
  /** The ring this connector's ticks go through. */
  readonly ring: SpscRing;
  readonly tickWriter: RingTickWriter;
  readonly orderManager: OrderManager;
  /** Why the connector failed, when it did. */
  failure: Error | undefined;
  /** Order events the OMS threw on: logged, counted, never silently dropped. */
  orderEventFailures = 0;
  private connector: ITradingConnector | undefined;
  private readonly abort = new AbortController();
  private readonly logger: Logger;
  private reconciling: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConnectorHostOptions) {
    this.connectorId = options.connectorId;
    this.packageName = options.plugin.manifest.packageName;
    this.sourceId = options.plugin.manifest.tickSourceId;
    this.sourceName = options.sourceName;
    this.symbols = options.symbols;
    this.ring = options.ring;
    this.orderManager = options.createOrderManager({
      submitOrder: async (request) => this.live().submitOrder(request),
      cancelOrder: async (request) => this.live().cancelOrder(request),
      replaceOrder: async (request) => this.live().replaceOrder(request),
    });
    this.logger = options.logger;
    let refusedLogged = 0;
    this.tickWriter = new RingTickWriter(
      options.ring,
      options.plugin.manifest.tickSourceId,
      options.priceIncrementOf,
      (error) => {
        // Counted always; logged for the first few so a broken parser cannot flood the log.
        if (refusedLogged++ < 10) this.logger.warn('tick refused', { error: error.message });
      },
    );
  }

  /** The connector's state, or `disconnected` before it was created. */
  get state(): ConnectionState {
    return this.connector?.state ?? (this.failure === undefined ? 'disconnected' : 'failed');
  }

  /** The live connector instance (after {@link start}). */
  get instance(): ITradingConnector | undefined {
    return this.connector;
  }

  /** Creates the connector, connects and subscribes. Rejects (and records {@link failure}) if any step fails. */
  async start(): Promise<void> {
    const { plugin, config, rawConfig } = this.options;
    try {
      const context = createConnectorContext({
        connectorId: this.connectorId,
        tickSourceId: plugin.manifest.tickSourceId,
        tickWriter: this.tickWriter,
        orderEvents: { emit: (event) => this.deliverOrderEvent(event) },
        signal: this.abort.signal,
        secretValues: collectSecretValues(rawConfig, { secretKeys: plugin.manifest.secretConfigKeys ?? [] }),
        overrides: {
          health: this.options.health,
          marketData: this.options.marketData,
          logger: this.logger,
          ...this.options.contextOverrides,
        },
      });
      const connector = checkConnectorInstance(plugin.create(config, context), plugin);
      this.connector = connector;
      connector.onStateChange((change) => this.onStateChange(change.previous, change.current));
      await connector.connect();
      if (this.symbols.length > 0) await connector.subscribe({ symbols: this.symbols, kinds: this.options.kinds });
      this.logger.info('connector started', { state: connector.state });
    } catch (error) {
      this.failure = error as Error;
      this.logger.error('connector failed to start', { error: (error as Error).message });
      throw error;
    }
  }

  /** Waits for a reconciliation in flight, so shutdown does not race it. */
  settled(): Promise<void> {
    return this.reconciling;
  }

  /** Disconnects (never cancels orders: the runtime applies its open-order policy first). */
  async stop(): Promise<void> {
    this.abort.abort();
    try {
      await this.connector?.disconnect();
    } catch (error) {
      this.logger.warn('disconnect failed', { error: (error as Error).message });
    }
  }

  private live(): ITradingConnector {
    if (this.connector === undefined) {
      throw new TickwireError({
        code: 'NOT_CONNECTED',
        message: `Connector "${this.connectorId}" is not running${this.failure ? ` (it failed: ${this.failure.message})` : ''}; the order was not sent.`,
      });
    }
    return this.connector;
  }

  private deliverOrderEvent(event: OrderEvent): void {
    try {
      this.orderManager.onOrderEvent(event);
    } catch (error) {
      this.orderEventFailures++;
      this.logger.error('order event could not be applied', {
        clientOrderId: event.clientOrderId,
        status: event.status,
        error: (error as Error).message,
      });
    }
  }

  private onStateChange(previous: ConnectionState, current: ConnectionState): void {
    this.logger.info('connection state', { previous, current });
    if (current === 'reconnecting' && previous === 'connected') {
      this.orderManager.beginReconciliation();
    } else if (current === 'connected' && previous === 'reconnecting') {
      this.reconciling = this.reconcileAfterReconnect();
    }
  }

  private async reconcileAfterReconnect(): Promise<void> {
    const connector = this.connector;
    if (connector === undefined) return;
    try {
      // From the last broker event the order manager saw (less its lookback), not from when the drop was noticed:
      // events in flight at the drop carry venue times from before it.
      const summary = await this.orderManager.reconcile(connector);
      this.logger.info('reconciled after reconnect', { ...summary });
    } catch (error) {
      this.logger.error('reconciliation failed; new orders stay refused until it succeeds', {
        error: (error as Error).message,
      });
    }
  }
}
