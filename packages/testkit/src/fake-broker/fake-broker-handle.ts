import type { ITradingConnector } from '@tickwire/core';
import type { ConnectorContextOverrides } from '../host/test-host';
import type { FakeBrokerFaults } from './fake-broker-faults';
import type { FakeBrokerReceived, FakeExecution, FakeOrderState, FakeQuote } from './fake-broker-records';

/**
 * A fake broker as the test kit drives it: the server side of a connector's protocol, on loopback (or in process,
 * for a simulated venue), with a log of everything that reached it and scripted faults.
 *
 * Lifecycle: the kit calls `createFakeBroker()` once while collecting tests (to see which faults exist, without
 * starting it), then for every case a fresh one: {@link start}, {@link connectorConfig}, {@link contextOverrides}
 * and {@link attach} (if present), the case, {@link stop}.
 *
 * Market data: once a client subscribes, the fake streams quotes for each subscribed symbol by itself (at least ten
 * a second per symbol keeps the suite quick) and sends heartbeats if its protocol has them. Every quote it writes to
 * a client is logged in {@link quotesSent}, in order; the kit matches ticks to these one for one.
 *
 * @example
 * ```ts
 * runConnectorConformance({
 *   plugin,
 *   createFakeBroker: async () => new AcmeFakeBroker({ port: 0 }),
 *   symbols: ['AAPL', 'MSFT'],
 *   order: { restingBuyPrice: 1 },
 * });
 * ```
 */
export interface FakeBrokerHandle {
  /** Opens the fake's listeners (127.0.0.1 only, port 0) or its in-process venue. */
  start(): Promise<void>;
  /** Closes every connection and listener and stops every timer. Idempotent, and safe when never started. */
  stop(): Promise<void>;
  /**
   * The connector configuration, as a user would write it, that points the connector at this fake (URLs with the
   * fake's port, test credentials, short watchdog thresholds and backoffs so the fault cases run in seconds).
   * Called after {@link start}. The kit validates it with the plugin's config schema.
   */
  connectorConfig(): unknown;
  /**
   * Context parts this fake needs to replace, read after {@link start}: an msw-style `fetch`, a fault-injecting
   * WebSocket factory, or a `marketData` sink through which an in-process venue logs what it emits. They win over
   * the suite's `contextOverrides`, and lose to a case's own (the clock-skew case's clock).
   */
  contextOverrides?(): ConnectorContextOverrides;
  /**
   * For a venue that lives inside the connector (a simulator): the kit hands over the connector it created, right
   * after `create()` and before `connect()`, so the fake can reach the venue's side of it. A fake that listens on a
   * socket leaves this out.
   */
  attach?(connector: ITradingConnector): void;
  /** What reached the broker: the ground truth the kit asserts on. */
  readonly received: FakeBrokerReceived;
  /** Every quote written to a client for `symbol`, in the order written. */
  quotesSent(symbol: string): readonly FakeQuote[];
  /** The broker's view of an order by client order id, or undefined when it holds none. */
  order(clientOrderId: string): FakeOrderState | undefined;
  /**
   * Executes `quantity` of a working order at `price` at the broker, as the venue's matching would, and sends the
   * execution report to connected clients in the venue's own form (incremental fill, cumulative total, or both).
   * Works while clients are disconnected too: the execution is then only found by reconciliation.
   * Optional: without it, the cases that need fills are skipped.
   */
  fill?(clientOrderId: string, quantity: number, price: number): FakeExecution | Promise<FakeExecution>;
  /** The scripted faults this fake offers. */
  readonly faults: FakeBrokerFaults;
}
