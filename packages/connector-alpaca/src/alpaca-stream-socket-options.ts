import { type ConnectorContext, contextSocketOptions, type ReconnectingWebSocketOptions } from '@tickwire/core';
import type { AlpacaConfig } from './alpaca-config';
import { type AlpacaStreamEncoding, encodingHeaders } from './alpaca-frame-codec';

/** What every Alpaca stream gives its `ReconnectingWebSocket`: the context, the encoding header, timeouts, backoff. */
export interface AlpacaStreamSocketOptions {
  readonly context: ConnectorContext;
  readonly config: AlpacaConfig;
  readonly encoding: AlpacaStreamEncoding;
}

/**
 * The socket options shared by the trade_updates and market-data streams; each stream adds its URL, handlers and
 * ready timeout.
 */
export function alpacaStreamSocketOptions({
  context,
  config,
  encoding,
}: AlpacaStreamSocketOptions): Omit<ReconnectingWebSocketOptions, 'url' | 'onOpen' | 'onMessage'> {
  return {
    ...contextSocketOptions(context),
    socketOptions: { headers: encodingHeaders(encoding), handshakeTimeoutMs: config.timeouts.streamReplyMs },
    backoff: { initialDelayMs: config.reconnect.initialDelayMs, maxDelayMs: config.reconnect.maxDelayMs },
    ...(config.reconnect.maxAttempts === undefined ? {} : { maxAttempts: config.reconnect.maxAttempts }),
    openTimeoutMs: config.timeouts.streamReplyMs,
  };
}
