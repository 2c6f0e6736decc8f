import type { IncomingMessage } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

/** A frame a test server received, with the index of the connection it came on (0 for the first). */
export interface ReceivedFrame {
  readonly connectionIndex: number;
  readonly text: string;
}

/** A `ws` server on 127.0.0.1 for tests, recording connections and frames. */
export interface LoopbackWsServer {
  readonly port: number;
  readonly url: string;
  readonly connections: WebSocket[];
  readonly received: ReceivedFrame[];
  /** Kills every client connection from the server side without a closing handshake. */
  killClients(): void;
  /** Stops listening and kills every client. */
  stop(): Promise<void>;
}

/** Options for {@link startLoopbackWsServer}. */
export interface LoopbackWsServerOptions {
  /** 0 (default) picks a free port; pass a previous server's port to restart "the same" server. */
  readonly port?: number;
  /** HTTP status to refuse upgrades with, e.g. 401. */
  readonly refuseWithStatus?: number;
  /** Called for each new connection, e.g. to answer an auth message. */
  readonly onConnection?: (socket: WebSocket, connectionIndex: number, request: IncomingMessage) => void;
}

/** Starts a loopback `ws` server; resolves once it listens. */
export async function startLoopbackWsServer(options: LoopbackWsServerOptions = {}): Promise<LoopbackWsServer> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    ...(options.refuseWithStatus === undefined
      ? {}
      : { verifyClient: (_info, done) => done(false, options.refuseWithStatus) }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('ws test server has no TCP address');
  const connections: WebSocket[] = [];
  const received: ReceivedFrame[] = [];
  server.on('connection', (socket, request) => {
    const connectionIndex = connections.length;
    connections.push(socket);
    socket.on('message', (data) => received.push({ connectionIndex, text: data.toString() }));
    options.onConnection?.(socket, connectionIndex, request);
  });
  return {
    port: address.port,
    url: `ws://127.0.0.1:${address.port}`,
    connections,
    received,
    killClients: () => {
      for (const socket of server.clients) socket.terminate();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => resolve());
      }),
  };
}

/** Resolves when `condition()` holds, polling every 5 ms; rejects after `timeoutMs` naming `what`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
