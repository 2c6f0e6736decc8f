import { openNodeSocket } from '../net/node-socket-factory';
import { openNodeWebSocket } from '../net/node-websocket-factory';
import { TokenBucketRateLimiter } from '../net/token-bucket-rate-limiter';
import type { TickWriter } from '../tick/tick-writer';
import type { ConnectorContext } from './connector-context';
import { createLogger } from './create-logger';
import { createLoggingHealthReporter, NULL_MARKET_DATA_SINK } from './default-sinks';
import type { LogLevel } from './logger';
import type { OrderEventSink } from './order-event-sink';
import { createSystemClock, systemTimers } from './system-clock';

/** The parts of a context that have no sensible default; everything else may be overridden. */
export interface ConnectorContextOptions {
  readonly connectorId: string;
  readonly tickSourceId: number;
  readonly tickWriter: TickWriter;
  readonly orderEvents: OrderEventSink;
  /** Aborted at shutdown. Default: a signal that never aborts. */
  readonly signal?: AbortSignal;
  /** Level for the default logger. Default `info`. */
  readonly logLevel?: LogLevel | 'silent';
  /** Secret values the default logger masks (see `collectSecretValues(config)`). */
  readonly secretValues?: Iterable<string>;
  /** Replaces any default: a fake clock, msw-friendly fetch, a fault-injecting WebSocket factory, ... */
  readonly overrides?: Partial<
    Omit<ConnectorContext, 'connectorId' | 'tickSourceId' | 'tickWriter' | 'orderEvents' | 'signal'>
  >;
}

/**
 * Builds a {@link ConnectorContext} from the host's defaults: the system clock and timers, a redacting JSON logger
 * bound to the connector id, global `fetch` (looked up per call, so msw's interception applies), `ws` WebSockets,
 * `node:net` sockets, token-bucket rate limiters, `Math.random`, no market-data listeners, and a health reporter
 * that logs. The runtime and the test kit pass `overrides` for whatever they wire differently.
 */
export function createConnectorContext(options: ConnectorContextOptions): ConnectorContext {
  const overrides = options.overrides ?? {};
  const clock = overrides.clock ?? createSystemClock();
  const timers = overrides.timers ?? systemTimers;
  const logger =
    overrides.logger ??
    createLogger({
      level: options.logLevel ?? 'info',
      bindings: { connector: options.connectorId },
      ...(options.secretValues === undefined ? {} : { secretValues: options.secretValues }),
    });
  return {
    connectorId: options.connectorId,
    tickSourceId: options.tickSourceId,
    tickWriter: options.tickWriter,
    orderEvents: options.orderEvents,
    marketData: overrides.marketData ?? NULL_MARKET_DATA_SINK,
    health: overrides.health ?? createLoggingHealthReporter(logger),
    clock,
    timers,
    logger,
    fetch: overrides.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    openWebSocket: overrides.openWebSocket ?? openNodeWebSocket,
    openSocket: overrides.openSocket ?? openNodeSocket,
    createRateLimiter:
      overrides.createRateLimiter ??
      ((bucket) =>
        new TokenBucketRateLimiter({
          name: bucket.name,
          capacity: bucket.capacity,
          refillPerSecond: bucket.refillPerSecond,
          nowMs: () => clock.nowMs(),
          timers,
        })),
    random: overrides.random ?? Math.random,
    signal: options.signal ?? new AbortController().signal,
  };
}
