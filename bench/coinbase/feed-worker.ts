// A local Coinbase-shaped market data WebSocket in its own thread. It acknowledges every subscribe and, on each
// connection's subscription to the bench channel for BTC-USD, writes every prepared frame, pre-encoded, in one
// write to the TCP socket (see feed-burst.ts), so the reader's own ingest speed sets the pace. A second, plain TCP
// port writes the same bytes to whoever connects: the bench reads them with a sink that only counts bytes, which is
// the feed's send rate, the ceiling it puts on any reader.

import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { encodeFeedBurst } from './feed-burst';
import { buildFeedFrames, type FeedMode } from './feed-frames';

const { mode, count } = workerData as { mode: FeedMode; count: number };
const frames = buildFeedFrames(mode, count);
const burst = encodeFeedBurst(frames);

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
const capacity = createServer((sink: Socket) => {
  sink.on('error', () => {});
  sink.end(burst);
});

let listening = 0;
function announce(): void {
  if (++listening < 2) return;
  parentPort?.postMessage({
    port: (server.address() as AddressInfo).port,
    capacityPort: (capacity.address() as AddressInfo).port,
    frames: frames.length,
    bytes: burst.length,
  });
}
server.on('listening', announce);
capacity.listen(0, '127.0.0.1', announce);

server.on('connection', (socket, request) => {
  const subscriptions: Record<string, string[]> = {};
  let sent = false;
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { type?: string; channel?: string; product_ids?: string[] };
    if (message.type !== 'subscribe' || typeof message.channel !== 'string') return;
    subscriptions[message.channel] = [...(subscriptions[message.channel] ?? []), ...(message.product_ids ?? [])];
    // No sequence_num here, so the prepared frames keep their own numbering from 0.
    socket.send(
      JSON.stringify({
        channel: 'subscriptions',
        client_id: '',
        timestamp: '2024-05-01T12:00:00Z',
        events: [{ subscriptions }],
      }),
    );
    if (!sent && message.channel === mode && message.product_ids?.includes('BTC-USD')) {
      sent = true;
      // Straight to the TCP socket, after the ack above (ws wrote it synchronously, uncompressed), so order holds.
      request.socket.write(burst);
    }
  });
});
parentPort?.on('message', (message) => {
  if (message === 'stop') capacity.close(() => server.close(() => process.exit(0)));
});
