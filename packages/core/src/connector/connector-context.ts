import type { RateLimiterFactory } from '../net/rate-limiter';
import type { SocketFactory } from '../net/socket-like';
import type { WebSocketFactory } from '../net/websocket-like';
import type { TickWriter } from '../tick/tick-writer';
import type { Clock, Timers } from './clock';
import type { FeedHealthReporter } from './feed-health-reporter';
import type { Logger } from './logger';
import type { MarketDataSink } from './market-data-events';
import type { OrderEventSink } from './order-event-sink';

/**
 * Everything a connector may use from the outside world, handed over by the host in `create(config, context)`.
 *
 * A connector never reaches for globals (`fetch`, `WebSocket`, `Date.now`, `setTimeout`, `console`): the host, the
 * test kit and fault injectors replace any of these to mock a broker, skew a clock or drop messages.
 */
export interface ConnectorContext {
  /** This connector instance's name in the host configuration (e.g. `alpaca-paper`), for logs and metrics. */
  readonly connectorId: string;
  /** The tick `source` byte the writer stamps; the manifest's `tickSourceId`. */
  readonly tickSourceId: number;
  /** Writes ticks into the ring without allocating; bound to {@link ConnectorContext.tickSourceId}. */
  readonly tickWriter: TickWriter;
  /** Full-precision quotes, trades, bars and book updates, for consumers that asked for them. */
  readonly marketData: MarketDataSink;
  /** Order acknowledgements, fills and status changes go here. */
  readonly orderEvents: OrderEventSink;
  /** Stale feeds, sequence gaps, resyncs and malformed messages go here. */
  readonly health: FeedHealthReporter;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Bound to this connector; redacts secrets. */
  readonly logger: Logger;
  /** The HTTP client. msw and fault injectors replace it. */
  readonly fetch: typeof fetch;
  /** Opens WebSockets (default: the `ws` package). */
  readonly openWebSocket: WebSocketFactory;
  /** Opens TCP sockets (default: `node:net`), for socket protocols such as IB TWS. */
  readonly openSocket: SocketFactory;
  /** Creates the limiter for each bucket in the manifest's `capabilities.rateLimitBuckets`. */
  readonly createRateLimiter: RateLimiterFactory;
  /** Uniform random numbers in [0, 1), for backoff jitter; seeded in tests. */
  readonly random: () => number;
  /** Aborts when the host shuts down: stop reconnecting, reject pending work with `ABORTED`. */
  readonly signal: AbortSignal;
}
