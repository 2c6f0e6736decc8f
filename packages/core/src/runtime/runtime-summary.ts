import type { BridgeStats } from '../bridge/bridge-stats';
import type { ConnectionState } from '../connector/connection-state';
import type { OrderStatus } from '../domain/order-status';
import type { TickStoreStats } from '../store/store-stats';

/** One connector's figures. */
export interface ConnectorSummary {
  readonly id: string;
  readonly package: string;
  readonly state: ConnectionState;
  readonly failure?: string;
  /** Ticks the connector handed to its writer. */
  readonly ticksReceived: number;
  /** Ticks committed to its ring. */
  readonly ticksPublished: number;
  /** Ticks the ring's overflow policy dropped. */
  readonly ticksDropped: number;
  /** Ticks refused as unencodable. */
  readonly ticksRefused: number;
  /** Ticks waiting in its ring now. */
  readonly ringLag: number;
  readonly ringHighWater: number;
}

/**
 * What `tickwire run --summary-json` writes and `Runtime.summary()` returns. Every tick a connector handed over is
 * in exactly one of published, dropped or refused; every published tick is consumed by the end of a graceful stop.
 */
export interface RuntimeSummary {
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly ticks: {
    readonly received: number;
    readonly published: number;
    readonly dropped: number;
    readonly refused: number;
    readonly consumed: number;
    /** Ticks the store wrote to files (null without a store). */
    readonly stored: number | null;
    /** Ticks the store could not write (disk full, permissions) or its ring dropped (null without a store). */
    readonly storeLost: number | null;
    /** Ticks sent on the ZeroMQ bridge (null without a bridge). */
    readonly bridged: number | null;
  };
  readonly orders: {
    /** Every order the order managers know, by its current status. */
    readonly byStatus: Readonly<Partial<Record<OrderStatus, number>>>;
    readonly transmitted: number;
    readonly riskDenials: number;
    readonly refusedTransitions: number;
  };
  /** What connectors reported about their feeds: stale, gaps, resyncs, unusable messages. */
  readonly feed: {
    readonly stale: number;
    readonly gaps: number;
    readonly resyncs: number;
    readonly protocolErrors: number;
  };
  readonly killSwitchTripped: boolean;
  readonly connectors: readonly ConnectorSummary[];
  readonly store?: TickStoreStats;
  readonly bridge?: BridgeStats;
}
