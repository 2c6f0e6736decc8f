import { resolve } from 'node:path';
import type { Bridge } from '../bridge/create-bridge';
import type { DataKind } from '../connector/capabilities';
import type { ConnectorContext } from '../connector/connector-context';
import { createLogger } from '../connector/create-logger';
import { NULL_MARKET_DATA_SINK } from '../connector/default-sinks';
import type { Logger } from '../connector/logger';
import { ConfigError } from '../errors/config-error';
import { FeedHealth } from '../feed/feed-health';
import { LastQuoteBook } from '../feed/last-quote-book';
import { OrderManager } from '../oms/order-manager';
import { PositionBook } from '../oms/position-book';
import { SpscRing } from '../ring/spsc-ring';
import { AuditLog } from '../risk/audit-log';
import { KillSwitch } from '../risk/kill-switch';
import { RiskGate } from '../risk/risk-gate';
import { freezeRiskLimits, type RiskLimits } from '../risk/risk-limits';
import type { TickStore } from '../store/tick-store';
import type { Strategy } from '../strategy/strategy';
import { SourceRegistry } from '../tick/source-registry';
import { symbolIdOf } from '../tick/symbol-id';
import { SymbolRegistry } from '../tick/symbol-registry';
import { ConnectorHost } from './connector-host';
import { DEFAULT_RISK_LIMITS } from './default-risk-limits';
import { InstrumentCatalog } from './instrument-catalog';
import { loadStrategy } from './load-strategy';
import { MarketStateConsumer } from './market-state-consumer';
import { OrderRouter } from './order-router';
import { parseRuntimeConfig } from './parse-runtime-config';
import type { ModuleImporter } from './plugin-loader';
import { prepareConnectors } from './prepare-connectors';
import type { RuntimeConfig } from './runtime-config-schema';
import { createRuntimeHealthReporter, type HealthReportCounts } from './runtime-health-reporter';
import { RuntimeLifecycle } from './runtime-lifecycle';
import { summarizeRuntime } from './runtime-summarize';
import type { RuntimeSummary } from './runtime-summary';
import { StrategyRunner } from './strategy-runner';
/** Ways an embedding app (or a test) adjusts the runtime without touching the config. */
export interface RuntimeOptions {
  /** Where the config came from, for error messages. Default `createRuntime()`. */
  readonly configSource?: string;
  /** Directory relative paths in the config (store dir, audit log, strategy modules) resolve from. Default cwd. */
  readonly baseDirectory?: string;
  /** The runtime's logger. Default: JSON lines on stderr at `info`. */
  readonly logger?: Logger;
  /** In-process strategies added to those the config names. */
  readonly strategies?: readonly Strategy[];
  /** Replaces parts of every connector's context (clock, fetch, WebSocket factory...). */
  readonly contextOverrides?: Partial<ConnectorContext>;
  /** Replaces `import()` for plugin packages (tests). */
  readonly importModule?: ModuleImporter;
}

/** The pieces of a running tickwire, as an embedding app sees them. */
export interface Runtime {
  readonly config: RuntimeConfig;
  readonly connectors: ReadonlyMap<string, ConnectorHost>;
  /** Submits, cancels and replaces orders through the order managers and the risk gate. */
  readonly orders: OrderRouter;
  readonly riskGate: RiskGate;
  readonly killSwitch: KillSwitch;
  readonly feedHealth: FeedHealth;
  readonly quotes: LastQuoteBook;
  readonly positions: PositionBook;
  readonly symbols: SymbolRegistry;
  /** The bridge, once started, when the config has one. */
  readonly bridge: Bridge | undefined;
  /** The tick store, once started, when the config has one. */
  readonly store: TickStore | undefined;
  /** Connects every connector, starts the consumers and strategies. Resolves once at least one connector runs. */
  start(): Promise<void>;
  /**
   * Graceful stop: stops strategies and order intake, applies the open-order policy, disconnects the connectors,
   * drains every ring into its consumers, flushes the store and the bridge. Nothing accepted is lost. Idempotent.
   */
  stop(): Promise<RuntimeSummary>;
  /** The counters now. */
  summary(): RuntimeSummary;
}

function prefixRiskIssues(error: unknown): never {
  if (ConfigError.isInstance(error)) {
    throw new ConfigError({
      subject: 'tickwire configuration',
      issues: error.issues.map((issue) => ({ ...issue, fieldPath: `risk.${issue.fieldPath}` })),
    });
  }
  throw error;
}

/**
 * Builds a runtime from a configuration: validates it, imports and checks every connector plugin, validates each
 * plugin's config with its own schema, and wires the tick path (connector → ring → consumers) and the order path
 * (intent → order manager → risk gate → connector). Nothing connects until {@link Runtime.start}.
 *
 * @throws ConfigError for any configuration problem (naming field, value and fix), PluginError for a plugin that is
 *   missing, incompatible or clashing.
 */
export async function createRuntime(rawConfig: unknown, options: RuntimeOptions = {}): Promise<Runtime> {
  const config = parseRuntimeConfig(rawConfig, options.configSource);
  const baseDirectory = options.baseDirectory ?? process.cwd();
  const logger = options.logger ?? createLogger({ bindings: { component: 'runtime' } });
  let limits: RiskLimits;
  try {
    limits = freezeRiskLimits((config.risk as RiskLimits | undefined) ?? DEFAULT_RISK_LIMITS);
  } catch (error) {
    prefixRiskIssues(error);
  }

  const sources = new SourceRegistry();
  const symbols = new SymbolRegistry();
  const prepared = await prepareConnectors(config, sources, {
    ...(options.importModule === undefined ? {} : { importModule: options.importModule }),
    searchFrom: baseDirectory,
  });
  const catalog = new InstrumentCatalog(prepared, symbols);
  const quotes = new LastQuoteBook();
  const feedHealth = new FeedHealth({ staleAfterMs: config.staleFeedAfterMs });
  for (const instrument of catalog.instruments) {
    feedHealth.registerSymbol(symbolIdOf(instrument.symbol), { symbol: instrument.symbol });
  }
  const positions = new PositionBook(quotes);
  const audit = AuditLog.open(resolve(baseDirectory, config.auditLog ?? 'tickwire-audit.jsonl'));
  const riskGate = new RiskGate({
    limits,
    instruments: catalog.instruments,
    portfolio: positions,
    quotes,
    feedHealth,
    audit,
  });
  const killSwitch = new KillSwitch({ gate: riskGate });

  const hosts = new Map<string, ConnectorHost>();
  const rings: SpscRing[] = [];
  const healthCounts: HealthReportCounts = { stale: 0, gaps: 0, resyncs: 0, protocolErrors: 0 };
  for (const { id, entry, plugin, config: pluginConfig, sourceName } of prepared) {
    const ring = SpscRing.create({
      capacity: config.ring.capacity,
      overflow: config.ring.overflow,
      waitTimeoutMs: config.ring.waitTimeoutMs,
    });
    rings.push(ring);
    const connectorLogger = logger.child({ connector: id });
    const instrumentSymbols = Object.keys(entry.instruments);
    const host = new ConnectorHost({
      connectorId: id,
      plugin,
      sourceName,
      config: pluginConfig,
      rawConfig: entry.config,
      symbols: instrumentSymbols,
      kinds: entry.kinds as DataKind[],
      ring,
      priceIncrementOf: catalog.priceIncrementOf,
      createOrderManager: (transmitter) => new OrderManager({ transmitter, gate: riskGate, positions }),
      health: createRuntimeHealthReporter(feedHealth, connectorLogger, healthCounts, instrumentSymbols.map(symbolIdOf)),
      marketData: NULL_MARKET_DATA_SINK,
      logger: connectorLogger,
      ...(options.contextOverrides === undefined ? {} : { contextOverrides: options.contextOverrides }),
    });
    hosts.set(id, host);
    killSwitch.addTarget({ name: id, cancelAllOpenOrders: () => host.orderManager.cancelAllOpenOrders() });
  }
  const orders = new OrderRouter(hosts);
  const strategyList: Strategy[] = [...(options.strategies ?? [])];
  for (const [index, entry] of config.strategies.entries()) {
    strategyList.push(await loadStrategy(entry.module, entry.options, `strategies[${index}].module`, baseDirectory));
  }
  const lifecycle = new RuntimeLifecycle({
    config,
    baseDirectory,
    logger,
    hosts,
    rings,
    catalog,
    marketState: new MarketStateConsumer(symbols, feedHealth, quotes, catalog.priceGridOf),
    strategies: new StrategyRunner(strategyList, logger),
    feedHealth,
    killSwitch,
    audit,
    quotes,
    positions,
    symbols,
    orders,
  });
  const startedAtMs = Date.now();
  const summary = (): RuntimeSummary => summarizeRuntime(hosts, lifecycle, killSwitch, startedAtMs, healthCounts);

  return {
    config,
    connectors: hosts,
    orders,
    riskGate,
    killSwitch,
    feedHealth,
    quotes,
    positions,
    symbols,
    get bridge() {
      return lifecycle.bridge;
    },
    get store() {
      return lifecycle.store;
    },
    start: () => lifecycle.start(),
    stop: async () => {
      await lifecycle.stop();
      return summary();
    },
    summary,
  };
}
