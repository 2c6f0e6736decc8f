import type { ConnectorContext } from '../connector/connector-context';
import type { ReconnectingWebSocketOptions } from './reconnecting-websocket-options';

/** The parts of a {@link ReconnectingWebSocketOptions} that always come from the connector's context. */
export type ContextSocketOptions = Pick<
  ReconnectingWebSocketOptions,
  'openWebSocket' | 'random' | 'timers' | 'nowMs' | 'logger' | 'signal'
>;

/**
 * Wires a `ReconnectingWebSocket` to what the host injected (WebSocket factory, jitter source, timers, clock, logger,
 * shutdown signal), so tests and fault injection reach every socket a connector opens:
 * `new ReconnectingWebSocket({ ...contextSocketOptions(context), url, onOpen, onMessage })`.
 */
export function contextSocketOptions(context: ConnectorContext): ContextSocketOptions {
  return {
    openWebSocket: context.openWebSocket,
    random: context.random,
    timers: context.timers,
    nowMs: () => context.clock.nowMs(),
    logger: context.logger,
    signal: context.signal,
  };
}
