import {
  type ConnectionState,
  type ConnectionStateChange,
  type ConnectorContext,
  type ConnectorContextOptions,
  type ConnectorPlugin,
  checkConnectorInstance,
  collectSecretValues,
  createConnectorContext,
  createLogger,
  createLoggingHealthReporter,
  type ITradingConnector,
  type LogLevel,
  type LogRecord,
  type OrderEvent,
  type ReconciliationReport,
  RingTickWriter,
  SpscRing,
  symbolIdOf,
  validateConnectorConfig,
} from '@tickwire/core';
import { type DecodedTick, decodeTickToObject } from './decoded-tick';
import { FillAccumulator } from './fill-accumulator';
import { RecordingHealthReporter } from './recording-health-reporter';
import { waitUntil } from './wait-until';

/** The context parts a test may replace: anything but the parts the test host wires itself. */
export type ConnectorContextOverrides = NonNullable<ConnectorContextOptions['overrides']>;

/** Options for {@link createTestHost}. */
export interface TestHostOptions {
  /** The connector instance's name in logs. Default `conformance`. */
  readonly connectorId?: string;
  /** Ring slots, a power of two. Default 65 536: the kit drains often, so nothing is dropped. */
  readonly ringCapacity?: number;
  /** Replaces context parts: a skewed clock, fake timers, a fault-injecting WebSocket factory... */
  readonly overrides?: ConnectorContextOverrides;
  /** Each symbol id's price increment for the precision check, or 0 (the default) for none. */
  readonly priceIncrementOf?: (symbolId: number) => number;
  /** Call `reconcile(lostAtMs)` after every reconnect, as the runtime does. Default true. */
  readonly reconcileOnReconnect?: boolean;
  /** Lowest level kept in {@link TestHost.logs}. Default `debug`. */
  readonly logLevel?: LogLevel | 'silent';
  /** Also write log lines to stderr. Default false. */
  readonly echoLogs?: boolean;
  /** Default wait for the `waitFor...` helpers, ms. Default 5 000. */
  readonly defaultTimeoutMs?: number;
}

/** A reconciliation the host ran after a reconnect. */
export interface HostReconciliation {
  /** The `sinceMs` passed: when the connection was lost, on the connector's clock. */
  readonly sinceMs: number;
  readonly report?: ReconciliationReport;
  readonly error?: unknown;
}

/** A state change, with how many ticks of each symbol id had reached the ring when it happened. */
export interface RecordedStateChange extends ConnectionStateChange {
  readonly tickCountBySymbolId: ReadonlyMap<number, number>;
}

/**
 * A connector wired the way the runtime wires it, with everything it reports kept for assertions: a real
 * `SpscRing` and the runtime's `RingTickWriter` (so ticks go through the real ingest path and come back decoded),
 * order events, feed-health reports, state changes, log lines, and the reconciliations run after reconnects.
 * Connector authors can use it in their own tests too.
 *
 * @example
 * ```ts
 * const host = createTestHost(plugin, broker.connectorConfig());
 * await host.connector.connect();
 * await host.connector.subscribe({ symbols: ['AAPL'], kinds: ['quotes'] });
 * await host.waitForTicks('AAPL', 5);
 * expect(host.ticksOf('AAPL')[0]?.bid).toBeGreaterThan(0);
 * await host.stop();
 * ```
 */
export class TestHost<TConfig = unknown> {
  readonly plugin: ConnectorPlugin<TConfig>;
  /** The config after the plugin's schema parsed it (defaults applied). */
  readonly config: TConfig;
  readonly connector: ITradingConnector;
  readonly context: ConnectorContext;
  readonly ring: SpscRing;
  readonly tickWriter: RingTickWriter;
  /** Every tick drained from the ring so far, in ring order. */
  readonly ticks: DecodedTick[] = [];
  readonly orderEvents: OrderEvent[] = [];
  readonly health: RecordingHealthReporter;
  readonly stateChanges: RecordedStateChange[] = [];
  readonly reconciliations: HostReconciliation[] = [];
  /** What an order manager would have booked from the events and reconciliations. */
  readonly fills = new FillAccumulator();
  readonly logs: LogRecord[] = [];
  /** Ticks the writer refused as unencodable, with the reason. */
  readonly refusedTicks: string[] = [];
  readonly #abort = new AbortController();
  readonly #defaultTimeoutMs: number;
  readonly #tickCounts = new Map<number, number>();
  #pendingReconcile: Promise<void> = Promise.resolve();
  #lostAtMs = Number.NaN;
  #stopped = false;

  constructor(plugin: ConnectorPlugin<TConfig>, rawConfig: unknown, options: TestHostOptions = {}) {
    const connectorId = options.connectorId ?? 'conformance';
    this.plugin = plugin;
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 5_000;
    this.config = validateConnectorConfig(plugin, rawConfig, { connectorId });
    this.ring = SpscRing.create({ capacity: options.ringCapacity ?? 65_536, overflow: 'drop-newest' });
    this.tickWriter = new RingTickWriter(
      this.ring,
      plugin.manifest.tickSourceId,
      options.priceIncrementOf ?? (() => 0),
      (error) => this.refusedTicks.push(error.message),
    );
    const overrides = options.overrides ?? {};
    const secretValues = collectSecretValues(rawConfig, { secretKeys: plugin.manifest.secretConfigKeys ?? [] });
    const logger =
      overrides.logger ??
      createLogger({
        level: options.logLevel ?? 'debug',
        bindings: { connector: connectorId },
        secretValues,
        write: (record) => {
          this.logs.push(record);
          if (options.echoLogs) process.stderr.write(`${record.level} ${record.message} ${safeJson(record.fields)}\n`);
        },
      });
    this.health = new RecordingHealthReporter(overrides.health ?? createLoggingHealthReporter(logger));
    this.context = createConnectorContext({
      connectorId,
      tickSourceId: plugin.manifest.tickSourceId,
      tickWriter: this.tickWriter,
      orderEvents: { emit: (event) => this.#onOrderEvent(event) },
      signal: this.#abort.signal,
      secretValues,
      overrides: { ...overrides, logger, health: this.health },
    });
    this.connector = checkConnectorInstance(plugin.create(this.config, this.context), plugin);
    const reconcileOnReconnect = options.reconcileOnReconnect ?? true;
    this.connector.onStateChange((change) => this.#onStateChange(change, reconcileOnReconnect));
  }

  /** The connector's current state. */
  get state(): ConnectionState {
    return this.connector.state;
  }

  /** Moves every tick waiting in the ring into {@link ticks}; returns how many it moved. */
  drainTicks(): number {
    return this.ring.poll((view, byteOffset) => {
      const tick = decodeTickToObject(view, byteOffset);
      this.ticks.push(tick);
      this.#tickCounts.set(tick.symbolId, (this.#tickCounts.get(tick.symbolId) ?? 0) + 1);
    });
  }

  /** The ticks of one symbol drained so far, in order. */
  ticksOf(symbol: string): DecodedTick[] {
    const symbolId = symbolIdOf(symbol);
    return this.ticks.filter((tick) => tick.symbolId === symbolId);
  }

  /** How many ticks of one symbol were drained so far. */
  tickCountOf(symbol: string): number {
    return this.#tickCounts.get(symbolIdOf(symbol)) ?? 0;
  }

  /** Waits (draining the ring) until `condition()` holds; rejects after `timeoutMs` naming `description`. */
  waitFor(description: string, condition: () => boolean, timeoutMs = this.#defaultTimeoutMs): Promise<void> {
    return waitUntil(condition, {
      timeoutMs,
      description,
      beforeCheck: () => this.drainTicks(),
      diagnose: () => this.describe(),
    });
  }

  /** Waits until at least `count` ticks of `symbol` were drained. */
  waitForTicks(symbol: string, count: number, timeoutMs = this.#defaultTimeoutMs): Promise<void> {
    return this.waitFor(`${count} ticks for ${symbol}`, () => this.tickCountOf(symbol) >= count, timeoutMs);
  }

  /** Waits for an order event matching `predicate` and returns the first one. */
  async waitForOrderEvent(
    description: string,
    predicate: (event: OrderEvent) => boolean,
    timeoutMs = this.#defaultTimeoutMs,
  ): Promise<OrderEvent> {
    await this.waitFor(`order event: ${description}`, () => this.orderEvents.some(predicate), timeoutMs);
    return this.orderEvents.find(predicate)!;
  }

  /** Waits until the connector is in `state`. */
  waitForState(state: ConnectionState, timeoutMs = this.#defaultTimeoutMs): Promise<void> {
    return this.waitFor(`connection state "${state}"`, () => this.connector.state === state, timeoutMs);
  }

  /** Resolves once the reconciliation started by the last reconnect (if any) has finished. */
  reconciled(): Promise<void> {
    return this.#pendingReconcile;
  }

  /** A one-line summary of what the host has seen, for failure messages. */
  describe(): string {
    const counts = [...this.#tickCounts].map(([symbolId, count]) => `${symbolId >>> 0}:${count}`).join(' ');
    const lastLog = this.logs.filter((record) => record.level === 'warn' || record.level === 'error').at(-1);
    return (
      `state ${this.connector.state}; ticks ${this.ticks.length} (${counts || 'none'}); order events ` +
      `${this.orderEvents.map((event) => `${event.clientOrderId}:${event.status}`).join(', ') || 'none'}; ` +
      `stale ${this.health.stale.length}, gaps ${this.health.gaps.length}, protocol errors ` +
      `${this.health.protocolErrors.length}, reconciliations ${this.reconciliations.length}` +
      `${lastLog === undefined ? '' : `; last warning "${lastLog.message}" ${safeJson(lastLog.fields)}`}`
    );
  }

  /** Disconnects the connector, aborts the context signal and drains the ring. Idempotent; never throws. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    try {
      await this.connector.disconnect();
    } catch (error) {
      this.logs.push({ timeMs: Date.now(), level: 'error', message: 'disconnect() threw', fields: { error } });
    }
    this.#abort.abort();
    await this.#pendingReconcile;
    this.drainTicks();
  }

  #onOrderEvent(event: OrderEvent): void {
    this.orderEvents.push(event);
    this.fills.applyEvent(event);
  }

  #onStateChange(change: ConnectionStateChange, reconcileOnReconnect: boolean): void {
    // Ticks published before the change are already in the ring: draining now marks exactly where it happened.
    this.drainTicks();
    this.stateChanges.push({ ...change, tickCountBySymbolId: new Map(this.#tickCounts) });
    if (change.current === 'reconnecting' && change.previous === 'connected') this.#lostAtMs = change.atMs;
    if (reconcileOnReconnect && change.current === 'connected' && change.previous === 'reconnecting') {
      const sinceMs = this.#lostAtMs;
      this.#pendingReconcile = this.#pendingReconcile.then(() => this.#reconcile(sinceMs));
    }
  }

  async #reconcile(sinceMs: number): Promise<void> {
    try {
      const report = await this.connector.reconcile(sinceMs);
      this.fills.applyReport(report);
      this.reconciliations.push({ sinceMs, report });
    } catch (error) {
      this.reconciliations.push({ sinceMs, error });
    }
  }
}

/**
 * Creates a {@link TestHost}: validates `rawConfig` with the plugin's schema, builds the context around a real ring,
 * creates the connector and checks it implements the contract. Does not connect.
 */
export function createTestHost<TConfig>(
  plugin: ConnectorPlugin<TConfig>,
  rawConfig: unknown,
  options: TestHostOptions = {},
): TestHost<TConfig> {
  return new TestHost(plugin, rawConfig, options);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}
