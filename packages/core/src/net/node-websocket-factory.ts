import WebSocket from 'ws';
import type { WebSocketFactory, WebSocketLike } from './websocket-like';

/**
 * The host's default {@link WebSocketFactory}, built on the `ws` package: no compression unless asked for, and the
 * handshake timeout and payload limit passed through.
 */
export const openNodeWebSocket: WebSocketFactory = (url, protocols, options = {}) => {
  const socket = new WebSocket(
    url,
    protocols === undefined ? undefined : [...(typeof protocols === 'string' ? [protocols] : protocols)],
    {
      perMessageDeflate: options.perMessageDeflate ?? false,
      ...(options.headers === undefined ? {} : { headers: { ...options.headers } }),
      ...(options.handshakeTimeoutMs === undefined ? {} : { handshakeTimeout: options.handshakeTimeoutMs }),
      ...(options.maxPayloadBytes === undefined ? {} : { maxPayload: options.maxPayloadBytes }),
    },
  );
  return socket satisfies WebSocketLike;
};
