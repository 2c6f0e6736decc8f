import WebSocket from 'ws';

/**
 * Opens a `ws` client to the local feed with the connector's own settings (no compression) and resolves once it
 * is open. Both the tickwire client and the bare peer use it, so they differ only in what their handlers do.
 */
export function openFeedSocket(url: string, timeoutMs = 10_000): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    socket.once('open', () => resolve(socket));
    socket.once('error', (error) =>
      reject(new Error(`the latency feed at ${url} refused the connection (${error.message}); did its worker start?`)),
    );
  });
}
