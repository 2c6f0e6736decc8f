import type { DataKind } from '@tickwire/core';
import type { FakeSubscriptionRecord } from '@tickwire/testkit';
import type { WebSocket } from 'ws';
import { COINBASE_KIND_OF_CHANNEL } from '../coinbase-ws-messages';
import { type CoinbaseFakeClock, formatMicros } from './coinbase-fake-clock';

/** Which of Coinbase's two WebSocket endpoints a session is on. */
export type FakeEndpoint = 'market' | 'user';

const CHANNELS_OF: Readonly<Record<FakeEndpoint, ReadonlySet<string>>> = {
  market: new Set(['heartbeats', 'ticker', 'ticker_batch', 'level2', 'market_trades', 'candles', 'status']),
  user: new Set(['heartbeats', 'user', 'futures_balance_summary']),
};
// Channels that need product ids.
const PRODUCT_CHANNELS = new Set(['ticker', 'ticker_batch', 'level2', 'market_trades', 'candles']);

/** One client connection to the fake. */
export interface FakeWsSession {
  readonly id: number;
  readonly endpoint: FakeEndpoint;
  readonly socket: WebSocket;
  /** The `sequence_num` of the next message: per connection, from 0. */
  nextSequence: number;
  /** Subscribed channels and their products (an empty set for heartbeats and user). */
  readonly channels: Map<string, Set<string>>;
  /** `channel\nproduct` pairs whose next message must be a snapshot. */
  readonly owedSnapshots: Set<string>;
  /** Products whose next quote is logged with `gapBefore` (a sequence gap was sent on this connection). */
  readonly gapBefore: Set<string>;
  /** Sequence numbers to skip before the next data message of a product (the sequence-gap fault). */
  readonly pendingGaps: Map<string, number>;
  /** True once a JWT from this connection was logged as an auth attempt. */
  authLogged: boolean;
  subscribeTimer: ReturnType<typeof setTimeout> | undefined;
}

/** What the session handler needs from the fake broker. */
export interface FakeSessionEnvironment {
  readonly clock: CoinbaseFakeClock;
  readonly products: ReadonlySet<string>;
  readonly subscriptions: FakeSubscriptionRecord[];
  readonly subscribeTimeoutMs: number;
  /** Checks a subscribe message's JWT (no `uri` claim on WebSocket); undefined when valid, else the reason. */
  verifyJwt(token: string, session: FakeWsSession): string | undefined;
  /** Called after a subscription took effect (the broker sends the user channel's snapshot). */
  onSubscribed(session: FakeWsSession, channel: string): void;
}

/**
 * The fake's WebSocket sessions: subscribe and unsubscribe (one channel per message, JWT checked, product ids
 * checked), the `subscriptions` acknowledgement, the connection dropped when nothing was subscribed within the
 * subscribe timeout (Coinbase's 5 s), and envelopes numbered per connection.
 */
export class CoinbaseFakeSessions {
  readonly sessions = new Set<FakeWsSession>();
  readonly #environment: FakeSessionEnvironment;
  #nextId = 1;

  constructor(environment: FakeSessionEnvironment) {
    this.#environment = environment;
  }

  /** Takes a new connection on `endpoint`. */
  accept(socket: WebSocket, endpoint: FakeEndpoint): FakeWsSession {
    const session: FakeWsSession = {
      id: this.#nextId++,
      endpoint,
      socket,
      nextSequence: 0,
      channels: new Map(),
      owedSnapshots: new Set(),
      gapBefore: new Set(),
      pendingGaps: new Map(),
      authLogged: false,
      subscribeTimer: setTimeout(() => {
        if (session.channels.size === 0) socket.close(1008, 'no subscription within the subscribe timeout');
      }, this.#environment.subscribeTimeoutMs),
    };
    this.sessions.add(session);
    const forget = () => {
      clearTimeout(session.subscribeTimer);
      this.sessions.delete(session);
    };
    socket.on('close', forget);
    socket.on('error', forget);
    socket.on('message', (data: Buffer) => this.#onMessage(session, data.toString('utf8')));
    return session;
  }

  /** Sends one envelope on `channel`, numbered and stamped with the venue's time. */
  send(
    session: FakeWsSession,
    channel: string,
    events: readonly unknown[],
    micros = this.#environment.clock.nowMicros(),
  ): void {
    if (session.socket.readyState !== session.socket.OPEN) return;
    const envelope = {
      channel,
      client_id: '',
      timestamp: formatMicros(micros),
      sequence_num: session.nextSequence++,
      events,
    };
    session.socket.send(JSON.stringify(envelope));
  }

  /** Sends a frame as it is (faults). */
  sendRaw(session: FakeWsSession, text: string): void {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(text);
  }

  /** Sessions on one endpoint. */
  on(endpoint: FakeEndpoint): FakeWsSession[] {
    return [...this.sessions].filter((session) => session.endpoint === endpoint);
  }

  #onMessage(session: FakeWsSession, text: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.#error(session, 'Failed to parse the message');
      return;
    }
    const type = message.type;
    const channel = typeof message.channel === 'string' ? message.channel : '';
    if (type !== 'subscribe' && type !== 'unsubscribe') {
      this.#error(session, `unknown message type ${String(type)}`);
      return;
    }
    clearTimeout(session.subscribeTimer);
    const jwt = typeof message.jwt === 'string' ? message.jwt : undefined;
    if (jwt !== undefined) {
      const problem = this.#environment.verifyJwt(jwt, session);
      if (problem !== undefined) {
        this.#error(session, `authentication failure: ${problem}`);
        return;
      }
    } else if (channel === 'user' || channel === 'futures_balance_summary') {
      this.#error(session, `authentication failure: the ${channel} channel requires a JWT`);
      return;
    }
    if (!CHANNELS_OF[session.endpoint].has(channel)) {
      this.#error(session, `Failed to subscribe: channel ${JSON.stringify(channel)} is not served here`);
      return;
    }
    const products = Array.isArray(message.product_ids) ? message.product_ids.map(String) : [];
    if (PRODUCT_CHANNELS.has(channel)) {
      const unknown = products.filter((product) => !this.#environment.products.has(product));
      if (products.length === 0 || unknown.length > 0) {
        this.#error(session, `Failed to subscribe: unknown product ids ${JSON.stringify(unknown)}`);
        return;
      }
    }
    const current = session.channels.get(channel) ?? new Set<string>();
    if (type === 'subscribe') {
      session.channels.set(channel, current);
      for (const product of products) {
        current.add(product);
        session.owedSnapshots.add(`${channel}\n${product}`);
      }
    } else {
      for (const product of products) {
        current.delete(product);
        session.owedSnapshots.delete(`${channel}\n${product}`);
      }
      if (current.size === 0 || !PRODUCT_CHANNELS.has(channel)) session.channels.delete(channel);
    }
    const kind: DataKind | undefined = COINBASE_KIND_OF_CHANNEL[channel];
    if (kind !== undefined) {
      this.#environment.subscriptions.push({
        action: type,
        symbols: products,
        kinds: [kind],
        connectionId: session.id,
        atMs: Date.now(),
      });
    }
    const listing: Record<string, string[]> = {};
    for (const [name, members] of session.channels) listing[name] = PRODUCT_CHANNELS.has(name) ? [...members] : [];
    this.send(session, 'subscriptions', [{ subscriptions: listing }]);
    if (type === 'subscribe') this.#environment.onSubscribed(session, channel);
  }

  #error(session: FakeWsSession, message: string): void {
    this.sendRaw(session, JSON.stringify({ type: 'error', message }));
  }
}
