import { z } from 'zod';
import type { AccountSnapshot, Position } from '../../domain/account';
import type { OrderRequest, ReplaceRequest } from '../../domain/order-request';
import type { OrderSnapshot } from '../../domain/order-snapshot';
import type { ConnectorCapabilities } from '../capabilities';
import type { ConnectionStateListener } from '../connection-state';
import { ConnectionStateTracker } from '../connection-state-tracker';
import type { ConnectorContext } from '../connector-context';
import { defineConnector } from '../connector-plugin';
import type {
  CancelRequest,
  ITradingConnector,
  OrderAck,
  ReconciliationReport,
  SubscriptionRequest,
} from '../trading-connector';

/** The example's config: credentials, a feed choice with a default, and a nested endpoint. */
export const exampleConfigSchema = z.strictObject({
  keyId: z.string().min(1),
  secretKey: z.string().min(8),
  feed: z.enum(['iex', 'sip']).default('iex'),
  endpoint: z.strictObject({ host: z.string(), port: z.int().min(1).max(65_535) }).optional(),
  accountNumber: z.string().optional(),
});

export const exampleCapabilities: ConnectorCapabilities = {
  assetClasses: ['equity'],
  orderTypes: ['market', 'limit'],
  timeInForce: ['day', 'gtc'],
  orderClasses: ['simple'],
  dataKinds: ['quotes', 'trades'],
  tradingModes: ['paper'],
  idempotentClientOrderIds: true,
  clientOrderIdMaxLength: 48,
  replaceOrders: false,
  cancelAllOrders: false,
  reconciliation: true,
  notionalOrders: false,
  fractionalQuantity: false,
  extendedHours: false,
  rateLimitBuckets: [{ name: 'rest', capacity: 200, refillPerSecond: 200 / 60, scope: 'account' }],
};

/** A connector that talks to nothing: enough to exercise the contract's plumbing. */
class ExampleConnector implements ITradingConnector {
  readonly specificationVersion = 'tickwire.connector/v1' as const;
  readonly #tracker: ConnectionStateTracker;

  constructor(
    readonly config: z.output<typeof exampleConfigSchema>,
    readonly context: ConnectorContext,
  ) {
    this.#tracker = new ConnectionStateTracker({ nowMs: () => context.clock.nowMs() });
  }

  get state() {
    return this.#tracker.state;
  }
  onStateChange(listener: ConnectionStateListener): () => void {
    return this.#tracker.onChange(listener);
  }
  async connect(): Promise<void> {
    this.#tracker.transition('connecting');
    this.#tracker.transition('connected');
  }
  async disconnect(): Promise<void> {
    if (this.state !== 'disconnected') this.#tracker.transition('disconnected');
  }
  async subscribe(_request: SubscriptionRequest): Promise<void> {}
  async unsubscribe(_request: SubscriptionRequest): Promise<void> {}
  async submitOrder(order: OrderRequest): Promise<OrderAck> {
    return { clientOrderId: order.clientOrderId, brokerOrderId: 'b-1', status: 'new', acceptedAtMs: 0 };
  }
  async cancelOrder(_request: CancelRequest): Promise<void> {}
  async replaceOrder(_request: ReplaceRequest): Promise<OrderAck> {
    throw new Error('not supported');
  }
  async getAccount(): Promise<AccountSnapshot> {
    return { accountId: 'A1', currency: 'USD', cash: 0 };
  }
  async getPositions(): Promise<readonly Position[]> {
    return [];
  }
  async getOpenOrders(): Promise<readonly OrderSnapshot[]> {
    return [];
  }
  async reconcile(_sinceMs: number): Promise<ReconciliationReport> {
    return { openOrders: [], closedOrders: [], fills: [], asOfMs: 0 };
  }
}

/** The example plugin, as a connector package would export it by default. */
export const examplePlugin = defineConnector({
  manifest: {
    packageName: '@acme/tickwire-connector-example',
    version: '1.2.3',
    specificationVersion: 'tickwire.connector/v1',
    tickSourceId: 200,
    displayName: 'Example',
    capabilities: exampleCapabilities,
    configSchema: exampleConfigSchema,
    secretConfigKeys: ['accountNumber'],
  },
  create: (config, context) => new ExampleConnector(config, context),
});
