import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A market data WebSocket on 127.0.0.1 whose frames the test writes by hand: it acknowledges every subscribe with a
 * `subscriptions` message (as Coinbase does) and otherwise sends only what the test tells it to, numbering the
 * envelopes itself so a test can skip sequence numbers exactly.
 */
export class ScriptedMarketServer {
  /** Every message a client sent, parsed. */
  readonly received: Array<Record<string, unknown>> = [];
  #server: WebSocketServer | undefined;
  #socket: WebSocket | undefined;
  #sequence = 0;
  readonly #subscriptions = new Map<string, Set<string>>();

  /** Starts listening; returns the `ws://` URL. */
  async start(): Promise<string> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    server.on('connection', (socket) => {
      this.#socket = socket;
      this.#sequence = 0;
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
        this.received.push(message);
        const channel = String(message.channel);
        const products = Array.isArray(message.product_ids) ? message.product_ids.map(String) : [];
        const current = this.#subscriptions.get(channel) ?? new Set<string>();
        for (const product of products) {
          if (message.type === 'subscribe') current.add(product);
          else current.delete(product);
        }
        this.#subscriptions.set(channel, current);
        const listing = Object.fromEntries([...this.#subscriptions].map(([name, set]) => [name, [...set]]));
        this.send('subscriptions', [{ subscriptions: listing }]);
      });
    });
    this.#server = server;
    return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Sends an envelope; `skip` leaves that many sequence numbers out first (a gap). */
  send(channel: string, events: unknown[], skip = 0): void {
    this.#sequence += skip;
    const envelope = {
      channel,
      client_id: '',
      timestamp: '2024-05-01T12:00:00.123456789Z',
      sequence_num: this.#sequence++,
      events,
    };
    this.#socket?.send(JSON.stringify(envelope));
  }

  /** Messages received with this type and channel. */
  messages(type: string, channel: string): Array<Record<string, unknown>> {
    return this.received.filter((message) => message.type === type && message.channel === channel);
  }

  async stop(): Promise<void> {
    this.#socket?.terminate();
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
