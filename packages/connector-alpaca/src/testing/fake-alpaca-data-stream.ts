import type { DataKind } from '@tickwire/core';
import type { RawData, WebSocket } from 'ws';
import { encodeVenuePayload } from './fake-alpaca-time';
import { decodeClientFrame } from './fake-alpaca-wire-decode';

const STOCK_CHANNELS = [
  'trades',
  'quotes',
  'bars',
  'updatedBars',
  'dailyBars',
  'statuses',
  'lulds',
  'corrections',
  'cancelErrors',
];
const CRYPTO_CHANNELS = ['trades', 'quotes', 'orderbooks', 'bars', 'updatedBars', 'dailyBars'];
const KIND_OF_CHANNEL: Readonly<Record<string, DataKind>> = {
  trades: 'trades',
  quotes: 'quotes',
  bars: 'bars',
  updatedBars: 'bars',
  dailyBars: 'bars',
  orderbooks: 'book',
};

/** What a data session asks of the server it belongs to. */
export interface FakeDataStreamHost {
  /** True when the key pair is accepted (and no auth fault is active). */
  checkCredentials(keyId: unknown, secretKey: unknown): boolean;
  recordAuth(accepted: boolean, connectionId: number): void;
  /** Another authenticated session on the same stream with the same key (Alpaca's one-connection rule). */
  hasOtherSession(session: FakeDataSession): boolean;
  /** A scripted error code for this phase on this stream, consumed once. */
  takeScriptedError(stream: string, phase: 'auth' | 'subscribe'): number | undefined;
  /** Most trade+quote symbols per IEX connection, or undefined for none. */
  readonly symbolLimit: number | undefined;
  recordSubscription(
    session: FakeDataSession,
    action: 'subscribe' | 'unsubscribe',
    channels: Record<string, string[]>,
    kinds: DataKind[],
  ): void;
  recordMessage(path: string, message: unknown): void;
  readonly authTimeoutMs: number;
}

const ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'invalid syntax',
  401: 'not authenticated',
  402: 'auth failed',
  403: 'already authenticated',
  404: 'auth timeout',
  405: 'symbol limit exceeded',
  406: 'connection limit exceeded',
  407: 'slow client',
  408: 'v2 not enabled',
  409: 'insufficient subscription',
  500: 'internal error',
};

/**
 * One client of a fake market-data stream (`/v2/{feed}` or `/v1beta3/crypto/{location}`), speaking Alpaca's
 * protocol: the `connected` greeting, `auth` (with 402, 403, 404 auth timeout, 406 connection limit), subscribe and
 * unsubscribe answered with the whole current set, 400/401/405 and scripted errors, JSON or MessagePack.
 */
export class FakeDataSession {
  readonly channels = new Map<string, Set<string>>();
  authenticated = false;
  keyId: string | undefined;
  #batch: unknown[] = [];
  readonly #authTimer: NodeJS.Timeout;

  constructor(
    readonly socket: WebSocket,
    readonly connectionId: number,
    /** `v2/iex`, `v2/test`, `v1beta3/crypto/us`... */
    readonly stream: string,
    readonly encoding: 'json' | 'msgpack',
    private readonly host: FakeDataStreamHost,
  ) {
    for (const channel of this.crypto ? CRYPTO_CHANNELS : STOCK_CHANNELS) this.channels.set(channel, new Set());
    socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    this.#authTimer = setTimeout(() => {
      if (!this.authenticated) this.fail(404);
    }, host.authTimeoutMs);
    socket.on('close', () => clearTimeout(this.#authTimer));
    this.send([{ T: 'success', msg: 'connected' }]);
  }

  get crypto(): boolean {
    return this.stream.includes('crypto');
  }

  /** True when `symbol` (Alpaca spelling) is subscribed on `channel`, directly or by `*`. */
  wants(channel: string, symbol: string): boolean {
    const set = this.channels.get(channel);
    return set !== undefined && (set.has(symbol) || set.has('*'));
  }

  /** Sends one array message now. */
  send(messages: unknown[]): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(encodeVenuePayload(messages, this.encoding), { binary: this.encoding === 'msgpack' });
  }

  /** Adds a data message to the batch sent by {@link flush}. */
  queue(message: unknown): void {
    this.#batch.push(message);
  }

  /** Sends the batched data messages as one array. */
  flush(): void {
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    this.send(batch);
  }

  /** Sends error `code` and closes, as Alpaca does for fatal errors. */
  fail(code: number): void {
    this.sendError(code);
    this.socket.close(1008, ERROR_TEXT[code] ?? 'error');
  }

  sendError(code: number): void {
    this.send([{ T: 'error', code, msg: ERROR_TEXT[code] ?? 'error' }]);
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    let request: Record<string, unknown>;
    try {
      request = decodeClientFrame(data, isBinary, this.encoding) as Record<string, unknown>;
      this.host.recordMessage(this.stream, request);
    } catch {
      this.sendError(400);
      return;
    }
    if (typeof request !== 'object' || request === null) {
      this.sendError(400);
      return;
    }
    switch (request.action) {
      case 'auth':
        this.#auth(request);
        return;
      case 'subscribe':
      case 'unsubscribe':
        this.#subscription(request.action, request);
        return;
      default:
        this.sendError(400);
    }
  }

  #auth(request: Record<string, unknown>): void {
    if (this.authenticated) {
      this.sendError(403);
      return;
    }
    const scripted = this.host.takeScriptedError(this.stream, 'auth');
    const accepted = scripted === undefined && this.host.checkCredentials(request.key, request.secret);
    this.host.recordAuth(accepted, this.connectionId);
    if (scripted !== undefined || !accepted) {
      this.fail(scripted ?? 402);
      return;
    }
    this.keyId = String(request.key);
    if (this.host.hasOtherSession(this)) {
      this.fail(406);
      return;
    }
    this.authenticated = true;
    clearTimeout(this.#authTimer);
    this.send([{ T: 'success', msg: 'authenticated' }]);
  }

  #subscription(action: 'subscribe' | 'unsubscribe', request: Record<string, unknown>): void {
    if (!this.authenticated) {
      this.sendError(401);
      return;
    }
    const scripted = action === 'subscribe' ? this.host.takeScriptedError(this.stream, 'subscribe') : undefined;
    if (scripted !== undefined) {
      this.sendError(scripted);
      return;
    }
    const requested: Record<string, string[]> = {};
    for (const channel of this.channels.keys()) {
      const symbols = request[channel];
      if (symbols === undefined) continue;
      if (!Array.isArray(symbols) || !symbols.every((symbol) => typeof symbol === 'string')) {
        this.sendError(400);
        return;
      }
      requested[channel] = symbols as string[];
    }
    if (action === 'subscribe' && this.#exceedsLimit(requested)) {
      this.sendError(405);
      return;
    }
    for (const [channel, symbols] of Object.entries(requested)) {
      const set = this.channels.get(channel)!;
      for (const symbol of symbols) {
        if (action === 'subscribe') set.add(symbol);
        else set.delete(symbol);
      }
    }
    const kinds = [
      ...new Set(
        Object.entries(requested).flatMap(([channel, symbols]) =>
          symbols.length > 0 && KIND_OF_CHANNEL[channel] !== undefined ? [KIND_OF_CHANNEL[channel]!] : [],
        ),
      ),
    ];
    this.host.recordSubscription(this, action, requested, kinds);
    const ack: Record<string, unknown> = { T: 'subscription' };
    for (const [channel, set] of this.channels) ack[channel] = [...set];
    this.send([ack]);
  }

  #exceedsLimit(requested: Record<string, string[]>): boolean {
    const limit = this.host.symbolLimit;
    if (limit === undefined || this.stream !== 'v2/iex') return false;
    const symbols = new Set([...this.channels.get('trades')!, ...this.channels.get('quotes')!]);
    for (const symbol of [...(requested.trades ?? []), ...(requested.quotes ?? [])]) symbols.add(symbol);
    return symbols.size > limit;
  }
}
