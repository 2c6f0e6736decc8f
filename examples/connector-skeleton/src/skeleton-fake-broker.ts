import type { AddressInfo } from 'node:net';
import type {
  FakeBrokerFaults,
  FakeBrokerHandle,
  FakeBrokerReceived,
  FakeExecution,
  FakeOrderState,
  FakeQuote,
} from '@tickwire/testkit';
import { type WebSocket, WebSocketServer } from 'ws';
import { createQuoteStream, type SkeletonQuoteStream } from './skeleton-fake-quotes';
import {
  type SkeletonFakeLog,
  type SkeletonFakeRequest,
  SkeletonFakeRequestHandler,
  type SkeletonFakeSession,
} from './skeleton-fake-request-handler';
import { SkeletonFakeVenue } from './skeleton-fake-venue';
import type { SkeletonServerMessage } from './skeleton-protocol';

/** Options of {@link SkeletonFakeBroker}. */
export interface SkeletonFakeBrokerOptions {
  /** Credentials it accepts. Default `test-key` / `test-secret-123`. */
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** One quote per subscribed symbol this often, ms. Default 20. */
  readonly quoteIntervalMs?: number;
  /** A heartbeat this often, ms. Default 100. */
  readonly heartbeatIntervalMs?: number;
}

/**
 * The Skeleton Exchange on 127.0.0.1: the protocol of `skeleton-protocol.ts` over a real WebSocket server, with a
 * log of everything that reached it and the test kit's scripted faults. Run the connector against it with no
 * credentials: `const broker = new SkeletonFakeBroker(); await broker.start(); broker.connectorConfig()`.
 */
export class SkeletonFakeBroker implements FakeBrokerHandle {
  readonly #apiKey: string;
  readonly #apiSecret: string;
  readonly #options: SkeletonFakeBrokerOptions;
  readonly #sessions = new Map<WebSocket, SkeletonFakeSession>();
  readonly #venue = new SkeletonFakeVenue(() => this.#venueNowMs());
  readonly #quotes: SkeletonQuoteStream = createQuoteStream();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  readonly #log: SkeletonFakeLog = { authAttempts: [], orders: [], cancels: [], replaces: [], subscriptions: [] };
  readonly #requests: SkeletonFakeRequestHandler;
  #server: WebSocketServer | undefined;
  #port = 0;
  #nextSessionId = 1;
  #refuseAuth = false;
  #down = false;
  #silenced = false;
  #stormUntilMs = 0;
  #skewMs = 0;

  constructor(options: SkeletonFakeBrokerOptions = {}) {
    this.#options = options;
    this.#apiKey = options.apiKey ?? 'test-key';
    this.#apiSecret = options.apiSecret ?? 'test-secret-123';
    this.#requests = new SkeletonFakeRequestHandler(this.#venue, this.#log, {
      apiKey: this.#apiKey,
      apiSecret: this.#apiSecret,
      venueNowMs: () => this.#venueNowMs(),
    });
  }

  readonly received: FakeBrokerReceived = (() => {
    const log = this.#log;
    const sessions = this.#sessions;
    return {
      ...log,
      get openConnections() {
        return sessions.size;
      },
    };
  })();

  readonly faults: FakeBrokerFaults = {
    rejectAuth: () => {
      this.#refuseAuth = true;
    },
    disconnect: {
      drop: () => {
        this.#down = true;
        for (const socket of this.#sessions.keys()) socket.terminate();
      },
      restore: () => {
        this.#down = false;
      },
    },
    silenceData: {
      begin: () => {
        this.#silenced = true;
      },
      end: () => {
        this.#silenced = false;
      },
    },
    sequenceGap: (symbol, missing) => this.#quotes.skip(symbol, missing),
    rateLimitStorm: (durationMs) => {
      this.#stormUntilMs = Date.now() + durationMs;
    },
    malformedFrame: () => this.#broadcastRaw('{"type":"quote","sym":"'),
    unknownEnumValue: ({ symbol, clientOrderId }) => {
      const order = clientOrderId === undefined ? undefined : this.#venue.find(clientOrderId);
      if (order !== undefined) {
        this.#broadcast({ type: 'exec', order: { ...order, status: 'suspended' }, ts: this.#venueNowMs() });
        return 'order-status';
      }
      this.#broadcastRaw(JSON.stringify({ type: 'auction', sym: symbol, ts: this.#venueNowMs() }));
      return 'market-data';
    },
    clockSkew: (offsetMs) => {
      this.#skewMs = offsetMs;
    },
  };

  async start(): Promise<void> {
    if (this.#server !== undefined) return;
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      // While "down", new connections are refused as an unreachable venue would refuse them.
      verifyClient: (_info, accept) => accept(!this.#down, 503, 'venue unavailable'),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
    server.on('connection', (socket) => this.#accept(socket));
    this.#timers.push(setInterval(() => this.#streamQuotes(), this.#options.quoteIntervalMs ?? 20));
    this.#timers.push(
      setInterval(
        () => this.#broadcast({ type: 'hb', ts: this.#venueNowMs() }),
        this.#options.heartbeatIntervalMs ?? 100,
      ),
    );
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    for (const socket of this.#sessions.keys()) socket.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  connectorConfig(): unknown {
    return {
      url: `ws://127.0.0.1:${this.#port}/v1/stream`,
      apiKey: this.#apiKey,
      apiSecret: this.#apiSecret,
      // Short thresholds so the fault cases finish in seconds.
      dataSilenceMs: 300,
      heartbeatSilenceMs: 1_500,
      requestTimeoutMs: 3_000,
      reconnect: { initialDelayMs: 20, maxDelayMs: 250 },
    };
  }

  quotesSent(symbol: string): readonly FakeQuote[] {
    return this.#quotes.sent(symbol);
  }

  order(clientOrderId: string): FakeOrderState | undefined {
    return this.#venue.neutral(clientOrderId);
  }

  fill(clientOrderId: string, quantity: number, price: number): FakeExecution {
    const { order, execution } = this.#venue.fill(clientOrderId, quantity, price);
    this.#broadcast({ type: 'exec', order, exec: execution, ts: execution.ts });
    return {
      clientOrderId,
      executionId: execution.exec_id,
      quantity,
      price,
      cumulativeQuantity: order.cum_qty,
      timestampMs: execution.ts,
    };
  }

  #venueNowMs(): number {
    return Date.now() + this.#skewMs;
  }

  #accept(socket: WebSocket): void {
    const session: SkeletonFakeSession = { id: this.#nextSessionId++, authed: false, symbols: new Set() };
    this.#sessions.set(socket, session);
    socket.on('close', () => this.#sessions.delete(socket));
    socket.on('error', () => this.#sessions.delete(socket));
    socket.on('message', (data) => {
      let request: SkeletonFakeRequest;
      try {
        request = JSON.parse(data.toString()) as SkeletonFakeRequest;
      } catch {
        return;
      }
      this.#handle(socket, session, request);
    });
  }

  #handle(socket: WebSocket, session: SkeletonFakeSession, request: SkeletonFakeRequest): void {
    const outcome = this.#requests.handle(session, request, this.#refuseAuth, this.#stormUntilMs);
    socket.send(JSON.stringify({ ...outcome.reply, id: typeof request.id === 'number' ? request.id : 0 }));
    for (const message of outcome.broadcasts) this.#broadcast(message);
  }

  #streamQuotes(): void {
    if (this.#silenced) return;
    for (const [socket, session] of this.#sessions) {
      if (!session.authed) continue;
      for (const symbol of session.symbols) {
        const quote = this.#quotes.next(symbol, this.#venueNowMs());
        socket.send(JSON.stringify(quote.frame));
        this.#quotes.log(quote.logged);
      }
    }
  }

  #broadcast(message: SkeletonServerMessage): void {
    this.#broadcastRaw(JSON.stringify(message));
  }

  #broadcastRaw(frame: string): void {
    for (const [socket, session] of this.#sessions) if (session.authed) socket.send(frame);
  }
}
