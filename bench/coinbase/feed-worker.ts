// A local Coinbase-shaped market data WebSocket in its own thread, so sending costs the measured client nothing:
// it acknowledges every subscribe and, on each connection's subscription to the bench channel for BTC-USD, sends
// every prepared frame as fast as the socket takes them.
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { buildFeedFrames, type FeedMode } from './feed-frames';

const { mode, count } = workerData as { mode: FeedMode; count: number };
const frames = buildFeedFrames(mode, count);
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('listening', () =>
  parentPort?.postMessage({ port: (server.address() as AddressInfo).port, frames: frames.length }),
);
server.on('connection', (socket) => {
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
      for (const frame of frames) socket.send(frame);
    }
  });
});
parentPort?.on('message', (message) => {
  if (message === 'stop') server.close(() => process.exit(0));
});
