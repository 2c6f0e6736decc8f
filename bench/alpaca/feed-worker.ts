// The local Alpaca quote feed, in a worker thread: HTTPS + WSS on 127.0.0.1 with a throwaway certificate, speaking
// Alpaca's market-data protocol (greeting, auth, subscription ack). After a client subscribes it sends `frames`
// prepared frames as fast as the client reads them, in the encoding the client asked for (MessagePack when the
// upgrade says Content-Type: application/msgpack). It also answers GET /v2/account, which tickwire's connector
// calls on connect. Clients are served one after another; the worker lives for a whole bench case.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { decode } from '@msgpack/msgpack';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { encodeVenuePayload } from '../../packages/connector-alpaca/src/testing/fake-alpaca-time';
import { buildQuoteFrames, type FeedEncoding } from './quote-frames';

interface FeedWorkerData {
  readonly batch: number;
  readonly frames: number;
  readonly key: Uint8Array;
  readonly cert: Uint8Array;
}

const { batch, frames, key, cert } = workerData as FeedWorkerData;
const prepared: Record<FeedEncoding, Buffer[]> = {
  json: buildQuoteFrames('json', batch),
  msgpack: buildQuoteFrames('msgpack', batch),
};
// Frames in flight before waiting for the socket: keeps the pipe full without unbounded buffering.
const WINDOW = 256;

const server = createServer({ key: Buffer.from(key), cert: Buffer.from(cert) }, (request, response) => {
  if (request.url === '/v2/account') {
    response
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end('{"account_number":"BENCH","cash":"0","currency":"USD"}');
  } else {
    response.writeHead(404).end();
  }
});
const sockets = new WebSocketServer({ server, perMessageDeflate: false });

sockets.on('connection', (socket, request) => {
  const encoding: FeedEncoding = request.headers['content-type']?.includes('msgpack') ? 'msgpack' : 'json';
  const send = (payload: unknown) =>
    socket.send(encodeVenuePayload(payload, encoding), { binary: encoding === 'msgpack' });
  send([{ T: 'success', msg: 'connected' }]);
  socket.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = data as Buffer;
    const request = (isBinary && bytes[0] !== 0x7b ? decode(bytes) : JSON.parse(bytes.toString())) as Record<
      string,
      unknown
    >;
    if (request.action === 'auth') send([{ T: 'success', msg: 'authenticated' }]);
    if (request.action === 'subscribe') {
      send([{ T: 'subscription', trades: [], quotes: request.quotes ?? [], bars: [] }]);
      void blast(socket, prepared[encoding], encoding === 'msgpack');
    }
  });
  socket.on('error', () => {});
});

async function blast(socket: WebSocket, framesToSend: readonly Buffer[], binary: boolean): Promise<void> {
  for (let sent = 0; sent < frames && socket.readyState === socket.OPEN; ) {
    const windowEnd = Math.min(frames, sent + WINDOW);
    await new Promise<void>((resolve) => {
      for (; sent < windowEnd; sent++) {
        const last = sent === windowEnd - 1;
        socket.send(framesToSend[sent % framesToSend.length]!, { binary }, last ? () => resolve() : undefined);
      }
    });
  }
}

server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.address() as AddressInfo).port }));
parentPort!.on('message', (message) => {
  if (message !== 'stop') return;
  for (const client of sockets.clients) client.terminate();
  sockets.close();
  server.close(() => process.exit(0));
});
