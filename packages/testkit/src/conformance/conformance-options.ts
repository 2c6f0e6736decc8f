import type { ConnectorPlugin } from '@tickwire/core';
import type { FakeBrokerHandle } from '../fake-broker/fake-broker-handle';
import type { ConnectorContextOverrides } from '../host/test-host';

/** How the order cases trade. Prices are in the symbol's quote currency. */
export interface ConformanceOrderOptions {
  /** The symbol to trade. Default: the first of {@link ConnectorConformanceOptions.symbols}. */
  readonly symbol?: string;
  /** A limit price at which a buy rests at the fake broker without filling by itself (well below the market). */
  readonly restingBuyPrice: number;
  /** Quantity of each order; the partial-fill cases split it. Default 10. */
  readonly quantity?: number;
  /** The price the kit fills at through `FakeBrokerHandle.fill`. Default `restingBuyPrice`. */
  readonly fillPrice?: number;
  /** The limit price a replace moves the order to; it must still rest. Default 99% of `restingBuyPrice`, in cents. */
  readonly replacePrice?: number;
}

/** Time limits, ms. Every wait in the kit is bounded by one of these. */
export interface ConformanceTimeouts {
  /** Longest wait for an expected event (a tick, an order update, a state change). Default 5 000. */
  readonly eventMs?: number;
  /** Longest wait for the connector to notice a silent feed. Default 10 000. */
  readonly staleFeedMs?: number;
  /** Longest a single case may run. Default 30 000. */
  readonly caseMs?: number;
}

/** Options of {@link runConnectorConformance}. */
export interface ConnectorConformanceOptions<TConfig = unknown> {
  /** The plugin under test: the connector package's default export. */
  readonly plugin: ConnectorPlugin<TConfig>;
  /**
   * Makes a fresh, not yet started fake broker. Called once while vitest collects the tests (to see which faults
   * the fake offers) and once per case.
   */
  readonly createFakeBroker: () => Promise<FakeBrokerHandle>;
  /** Symbols the fake broker streams; the market-data cases use up to the first two. */
  readonly symbols: readonly [string, ...string[]];
  /** Required when the connector supports limit orders: how the order cases trade. */
  readonly order?: ConformanceOrderOptions;
  /** Context parts every case's host replaces (the clock-skew case adds its own clock). */
  readonly contextOverrides?: ConnectorContextOverrides;
  readonly timeouts?: ConformanceTimeouts;
  /** Quotes per symbol the market-data cases wait for. Default 5. */
  readonly quotesPerSymbol?: number;
  /** The suite's title. Default `<displayName> connector conformance (<packageName>)`. */
  readonly suiteName?: string;
}

/** The options with every default filled in. */
export interface ResolvedConformanceOptions<TConfig = unknown> extends ConnectorConformanceOptions<TConfig> {
  readonly timeouts: Required<ConformanceTimeouts>;
  readonly quotesPerSymbol: number;
  readonly resolvedOrder: Required<ConformanceOrderOptions> | undefined;
}

/** Fills in the defaults of {@link ConnectorConformanceOptions}. */
export function resolveConformanceOptions<TConfig>(
  options: ConnectorConformanceOptions<TConfig>,
): ResolvedConformanceOptions<TConfig> {
  const order = options.order;
  return {
    ...options,
    timeouts: {
      eventMs: options.timeouts?.eventMs ?? 5_000,
      staleFeedMs: options.timeouts?.staleFeedMs ?? 10_000,
      caseMs: options.timeouts?.caseMs ?? 30_000,
    },
    quotesPerSymbol: options.quotesPerSymbol ?? 5,
    resolvedOrder:
      order === undefined
        ? undefined
        : {
            symbol: order.symbol ?? options.symbols[0],
            restingBuyPrice: order.restingBuyPrice,
            quantity: order.quantity ?? 10,
            fillPrice: order.fillPrice ?? order.restingBuyPrice,
            replacePrice: order.replacePrice ?? Math.round(order.restingBuyPrice * 99) / 100,
          },
  };
}
