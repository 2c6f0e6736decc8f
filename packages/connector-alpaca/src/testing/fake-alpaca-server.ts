import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { FakeAlpacaAccount } from './fake-alpaca-account';
import { FakeDataSession } from './fake-alpaca-data-stream';
import { canonical, FakeAlpacaFeed } from './fake-alpaca-feed';
import { readJsonRequest, writeRestAnswer } from './fake-alpaca-http';
import { FakeAlpacaMarket } from './fake-alpaca-market';
import { orderToWire } from './fake-alpaca-order-model';
import { type FakeAlpacaExecution, FakeAlpacaOrders } from './fake-alpaca-orders';
import { FakeAlpacaRecords } from './fake-alpaca-records';
import { FakeAlpacaRest, type ScriptedRestFailure } from './fake-alpaca-rest';
import { FakeAlpacaClock } from './fake-alpaca-time';
import { FakeTradeSession, tradeUpdateMessage } from './fake-alpaca-trade-stream';
import { requestedEncoding } from './fake-alpaca-wire-decode';

/** Options of {@link FakeAlpacaServer}. */
export interface FakeAlpacaServerOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** The only key pair accepted. Default: any key pair (so a connector runs with no credentials at all). */
  readonly credentials?: { readonly keyId: string; readonly secretKey: string };
  /** Quote rounds, ms. Default 50 (20 quotes a second per symbol). */
  readonly quoteIntervalMs?: number;
  /** A trade every this many quote rounds. Default 4. */
  readonly tradeEveryRounds?: number;
  /** Bars every this many ms; 0 for none. Default 1000. */
  readonly barIntervalMs?: number;
  /** Keepalives: `0x01` on trade_updates, WebSocket pings on data streams. Default every 1000 ms. */
  readonly heartbeatIntervalMs?: number;
  /** Stock quote condition as `["R"]` (default) or `"R"`. */
  readonly quoteConditionForm?: 'array' | 'string';
  /** Trade+quote symbols per IEX connection (405 beyond). Default 30; null for no limit. */
  readonly symbolLimit?: number | null;
  /** REST requests per minute per key (429 beyond). Default 200. */
  readonly rateLimitPerMinute?: number;
  /** Time allowed to authenticate a data stream before error 404. Default 10 000 ms. */
  readonly authTimeoutMs?: number;
  /** trade_updates frames: `binary` like the paper stream (default) or `text`. */
  readonly tradeStreamFrames?: 'binary' | 'text';
  /** Seed of the market's random walk. Default 1. */
  readonly seed?: number;
  /** Serve HTTPS and WSS with this key and certificate instead of plain HTTP and WS. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
}

/** The URLs of a running fake, in the shape of the connector's `endpoints` config. */
export interface FakeAlpacaEndpoints {
  readonly trading: string;
  readonly tradingStream: string;
  readonly marketDataStream: string;
}

const STOCK_STREAM = /^\/v2\/(iex|sip|delayed_sip|test)$/;
const CRYPTO_STREAM = /^\/v1beta3\/crypto\/([a-z0-9-]+)$/;

/**
 * A fake Alpaca on 127.0.0.1: trading REST v2, the `trade_updates` stream and the stock and crypto market-data
 * streams, with Alpaca's message shapes, an account and a simple matching engine, and scripted faults. Start it,
 * point the connector's `endpoints` at {@link FakeAlpacaServer.endpoints}, and assert on {@link FakeAlpacaServer.records}.
 *
 * @example
 * ```ts
 * const fake = await FakeAlpacaServer.start();
 * const config = { endpoints: fake.endpoints }; // no credentials needed
 * // ... run the connector, then:
 * fake.records.orders; fake.records.quotesSent('AAPL');
 * await fake.stop();
 * ```
 */
export class FakeAlpacaServer {
  readonly records = new FakeAlpacaRecords();
  readonly clock = new FakeAlpacaClock();
  readonly market: FakeAlpacaMarket;
  readonly account = new FakeAlpacaAccount();
  readonly orders: FakeAlpacaOrders;
  readonly #options: FakeAlpacaServerOptions;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #webSockets = new WebSocketServer({ noServer: true });
  readonly #dataSessions = new Set<FakeDataSession>();
  readonly #tradeSessions = new Set<FakeTradeSession>();
  readonly #restAuthenticated = new WeakSet<Socket>();
  readonly #rest: FakeAlpacaRest;
  readonly #feed: FakeAlpacaFeed;
  readonly #scriptedRest: ScriptedRestFailure[] = [];
  readonly #scriptedStream: { stream: string; phase: 'auth' | 'subscribe'; code: number }[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  #connectionCounter = 0;
  #port = 0;
  #rejectAuth = false;
  #outage = false;
  #silent = false;
  #stormUntilMs = 0;

  private constructor(options: FakeAlpacaServerOptions) {
    this.#options = options;
    this.market = new FakeAlpacaMarket(options.seed ?? 1);
    this.orders = new FakeAlpacaOrders(this.clock, this.market, this.account, (event, order, execution) => {
      // The order as it is now, sent after the current call returns, as a venue's stream would: the REST answer
      // may reach the client before or after it.
      const message = tradeUpdateMessage(event, order, this.account.positionQty(order.symbol), execution);
      setImmediate(() => this.#sendTradeUpdate(message));
    });
    const server = this;
    this.#rest = new FakeAlpacaRest({
      orders: this.orders,
      account: this.account,
      market: this.market,
      records: this.records,
      clock: this.clock,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 200,
      scriptedFailures: this.#scriptedRest,
      checkCredentials: (keyId, secretKey) => this.#checkCredentials(keyId, secretKey),
      get stormUntilMs() {
        return server.#stormUntilMs;
      },
    });
    this.#feed = new FakeAlpacaFeed(
      {
        quoteIntervalMs: options.quoteIntervalMs ?? 50,
        tradeEveryRounds: options.tradeEveryRounds ?? 4,
        barIntervalMs: options.barIntervalMs ?? 1_000,
        quoteConditionForm: options.quoteConditionForm ?? 'array',
        wildcardSymbols: { stocks: ['AAPL', 'MSFT'], crypto: ['BTC/USD', 'ETH/USD'] },
      },
      this.market,
      this.clock,
      this.records,
      (symbol) => this.orders.onMarketMove(symbol),
    );
    const handler = (request: IncomingMessage, response: ServerResponse) =>
      void this.#onHttp(request, response).catch(() => response.destroy());
    this.#server = options.tls === undefined ? createHttpServer(handler) : createHttpsServer(options.tls, handler);
    this.#server.on('connection', (socket: Socket) => {
      if (this.#outage) socket.destroy();
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    this.#server.on('upgrade', (request, socket, head) => this.#onUpgrade(request, socket as Socket, head));
  }

  /** Starts a fake on 127.0.0.1 (never any other address). */
  static async start(options: FakeAlpacaServerOptions = {}): Promise<FakeAlpacaServer> {
    const fake = new FakeAlpacaServer(options);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    fake.#port = (fake.#server.address() as AddressInfo).port;
    fake.#timers.push(setInterval(() => fake.#dataRound(), options.quoteIntervalMs ?? 50));
    fake.#timers.push(setInterval(() => fake.#heartbeat(), options.heartbeatIntervalMs ?? 1_000));
    return fake;
  }

  /** The port on 127.0.0.1 (REST and every stream share it). */
  get port(): number {
    return this.#port;
  }

  /** URLs for the connector's `endpoints` config. */
  get endpoints(): FakeAlpacaEndpoints {
    const secure = this.#options.tls !== undefined;
    const http = `${secure ? 'https' : 'http'}://127.0.0.1:${this.#port}`;
    const ws = `${secure ? 'wss' : 'ws'}://127.0.0.1:${this.#port}`;
    return { trading: http, tradingStream: `${ws}/stream`, marketDataStream: ws };
  }

  /** The order a client order id names, as Alpaca's REST API would return it. */
  orderByClientOrderId(clientOrderId: string): Record<string, unknown> | undefined {
    const order = this.orders.findByClientOrderId(clientOrderId);
    return order === undefined ? undefined : orderToWire(order);
  }

  /** Executes `qty` of a working order at `price`, sending `partial_fill`/`fill` to listening clients. */
  fill(clientOrderId: string, qty: number, price: number): FakeAlpacaExecution {
    const order = this.orders.findByClientOrderId(clientOrderId);
    if (order === undefined) throw new Error(`the fake Alpaca holds no order ${clientOrderId}`);
    return this.orders.fill(order, qty, price);
  }

  /** Clients listening to trade_updates right now. */
  get tradeUpdateListeners(): number {
    let count = 0;
    for (const session of this.#tradeSessions) if (session.listening) count++;
    return count;
  }

  /** Sets a symbol's top of book (Alpaca spelling), e.g. to make an order marketable. */
  setQuote(symbol: string, bid: number, ask: number): void {
    this.market.setTop(symbol, bid, ask);
    this.orders.onMarketMove(symbol);
  }

  /** Fault: refuse every authentication from now on (REST 401, stream `unauthorized`, data error 402). */
  rejectAuth(reject = true): void {
    this.#rejectAuth = reject;
  }

  /** Fault: cut every connection without a closing handshake and refuse new ones until {@link restore}. */
  drop(): void {
    this.#outage = true;
    for (const session of [...this.#dataSessions, ...this.#tradeSessions]) session.socket.terminate();
    for (const socket of this.#sockets) socket.destroy();
  }

  /** Ends a {@link drop}. */
  restore(): void {
    this.#outage = false;
  }

  /** Fault: stop (true) or resume (false) market data; heartbeats go on. */
  silenceData(silent: boolean): void {
    this.#silent = silent;
  }

  /** Fault: answer every order-entry request with 429 for `durationMs`. */
  rateLimitStorm(durationMs: number): void {
    this.#stormUntilMs = this.clock.nowMs() + durationMs;
  }

  /** Fault: the venue's clock runs `offsetMs` ahead (negative: behind) in every timestamp it sends. */
  clockSkew(offsetMs: number): void {
    this.clock.offsetMs = offsetMs;
  }

  /** Fault: the next matching REST request(s) get `failure` instead of their answer. */
  failNextRest(failure: ScriptedRestFailure): void {
    this.#scriptedRest.push({ ...failure });
  }

  /** Fault: the next `phase` on `stream` (`v2/iex`, `v1beta3/crypto/us`) gets error `code` (402, 405, 406, 409...). */
  failNextStream(stream: string, phase: 'auth' | 'subscribe', code: number): void {
    this.#scriptedStream.push({ stream, phase, code });
  }

  /** Fault: cancel-all reports this order as not canceled, with `status` (500 by default). */
  refuseCancelInCancelAll(clientOrderId: string, status = 500): void {
    const order = this.orders.findByClientOrderId(clientOrderId);
    if (order !== undefined) order.cancelFailure = { status, code: status * 100_000, message: 'internal server error' };
  }

  /** Fault: one frame nobody can parse, on every stream connection. */
  malformedFrame(): void {
    for (const session of this.#dataSessions)
      if (session.authenticated) session.socket.send('[{"T":"q","S":"AAPL","bp":');
    for (const session of this.#tradeSessions)
      if (session.listening) session.sendRaw('{"stream":"trade_updates","data":{');
  }

  /** Fault: a market-data message of a type Alpaca does not define, for `symbol` (Alpaca spelling). */
  unknownDataMessage(symbol: string): void {
    for (const session of this.#dataSessions) {
      if (session.authenticated) session.send([{ T: 'zq', S: symbol, t: this.clock.now(), zz: 1 }]);
    }
  }

  /** Fault: a trade update for an order with an event type and/or order status Alpaca does not define. */
  unknownTradeUpdate(clientOrderId: string, event = 'order_teleported', status?: string): void {
    const order = this.orders.findByClientOrderId(clientOrderId);
    if (order === undefined) throw new Error(`the fake Alpaca holds no order ${clientOrderId}`);
    this.#sendTradeUpdate(tradeUpdateMessage(event, order, this.account.positionQty(order.symbol), undefined, status));
  }

  /** Sends a raw trade_updates payload to every listening client (tests of odd shapes). */
  sendTradeStreamPayload(payload: unknown): void {
    for (const session of this.#tradeSessions) if (session.listening) session.send(payload);
  }

  /** Closes every connection and the listener, stops every timer. Idempotent. */
  async stop(): Promise<void> {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    for (const session of [...this.#dataSessions, ...this.#tradeSessions]) session.socket.terminate();
    for (const socket of this.#sockets) socket.destroy();
    this.#webSockets.close();
    if (!this.#server.listening) return;
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #checkCredentials(keyId: unknown, secretKey: unknown): boolean {
    if (this.#rejectAuth || typeof keyId !== 'string' || typeof secretKey !== 'string') return false;
    const wanted = this.#options.credentials;
    return wanted === undefined || (keyId === wanted.keyId && secretKey === wanted.secretKey);
  }

  async #onHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.#outage) {
      request.socket.destroy();
      return;
    }
    const { url, body } = await readJsonRequest(request);
    const keyId = request.headers['apca-api-key-id'] as string | undefined;
    const secretKey = request.headers['apca-api-secret-key'] as string | undefined;
    this.records.requests.push(`${request.method} ${url.pathname}${url.search}`);
    if (!this.#restAuthenticated.has(request.socket)) {
      // The first request on a TCP connection is where its credentials are checked first.
      this.#restAuthenticated.add(request.socket);
      this.records.authAttempts.push({ accepted: this.#checkCredentials(keyId, secretKey), atMs: Date.now() });
    }
    const method = request.method ?? 'GET';
    const answer = this.#rest.handle({ method, path: url.pathname, query: url.searchParams, body, keyId, secretKey });
    writeRestAnswer(response, answer, this.clock.nowMs());
  }

  #onUpgrade(request: IncomingMessage, socket: Socket, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const stock = STOCK_STREAM.exec(path);
    const crypto = CRYPTO_STREAM.exec(path);
    if (this.#outage || (path !== '/stream' && stock === null && crypto === null)) {
      socket.destroy();
      return;
    }
    this.#webSockets.handleUpgrade(request, socket, head, (webSocket) => {
      const connectionId = ++this.#connectionCounter;
      const encoding = requestedEncoding(request.headers['content-type']);
      this.records.openConnections++;
      webSocket.on('close', () => this.records.openConnections--);
      webSocket.on('error', () => {});
      if (path === '/stream') this.#addTradeSession(webSocket, connectionId, encoding);
      else this.#addDataSession(webSocket, connectionId, path.slice(1), encoding);
    });
  }

  #addTradeSession(webSocket: WebSocket, connectionId: number, encoding: 'json' | 'msgpack'): void {
    const session = new FakeTradeSession(
      webSocket,
      connectionId,
      encoding,
      this.#options.tradeStreamFrames ?? 'binary',
      {
        checkCredentials: (keyId, secretKey) => this.#checkCredentials(keyId, secretKey),
        recordAuth: (accepted, id) => this.records.authAttempts.push({ accepted, atMs: Date.now(), connectionId: id }),
        recordMessage: (path, message) => this.records.streamMessages.push({ path, message }),
      },
    );
    this.#tradeSessions.add(session);
    webSocket.on('close', () => this.#tradeSessions.delete(session));
  }

  #addDataSession(webSocket: WebSocket, connectionId: number, stream: string, encoding: 'json' | 'msgpack'): void {
    const limit = this.#options.symbolLimit === undefined ? 30 : (this.#options.symbolLimit ?? undefined);
    const session = new FakeDataSession(webSocket, connectionId, stream, encoding, {
      checkCredentials: (keyId, secretKey) => this.#checkCredentials(keyId, secretKey),
      recordAuth: (accepted, id) => this.records.authAttempts.push({ accepted, atMs: Date.now(), connectionId: id }),
      hasOtherSession: (candidate) =>
        [...this.#dataSessions].some(
          (other) =>
            other !== candidate &&
            other.authenticated &&
            other.stream === candidate.stream &&
            other.keyId === candidate.keyId,
        ),
      takeScriptedError: (name, phase) => {
        const index = this.#scriptedStream.findIndex((entry) => entry.stream === name && entry.phase === phase);
        return index < 0 ? undefined : this.#scriptedStream.splice(index, 1)[0]!.code;
      },
      symbolLimit: limit,
      authTimeoutMs: this.#options.authTimeoutMs ?? 10_000,
      recordMessage: (path, message) => this.records.streamMessages.push({ path, message }),
      recordSubscription: (subscriber, action, channels, kinds) => {
        const symbols = [...new Set(Object.values(channels).flat())].map(canonical);
        this.records.subscriptions.push({
          action,
          symbols,
          kinds,
          connectionId: subscriber.connectionId,
          atMs: Date.now(),
          channels,
          stream: subscriber.stream,
        });
        if (action === 'subscribe') {
          for (const symbol of channels.orderbooks ?? [])
            setImmediate(() => this.#feed.sendBookSnapshot(subscriber, symbol));
        }
      },
    });
    this.#dataSessions.add(session);
    webSocket.on('close', () => this.#dataSessions.delete(session));
  }

  #dataRound(): void {
    if (this.#silent || this.#dataSessions.size === 0) return;
    this.#feed.round([...this.#dataSessions]);
  }

  #heartbeat(): void {
    for (const session of this.#tradeSessions) if (session.authorized) session.sendRaw(Buffer.from([0x01]));
    for (const session of this.#dataSessions)
      if (session.socket.readyState === session.socket.OPEN) session.socket.ping();
  }

  #sendTradeUpdate(message: unknown): void {
    for (const session of this.#tradeSessions) if (session.listening) session.send(message);
  }
}
