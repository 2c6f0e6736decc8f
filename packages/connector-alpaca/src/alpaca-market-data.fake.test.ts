import { isTickwireError, symbolIdOf, TickFlags } from '@tickwire/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FakeSession, rejectionOf, startFakeSession } from './__fixtures__/fake-session';

let session: FakeSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  vi.unstubAllEnvs();
});

/** Every tick of `symbol` so far against every quote the fake wrote for it, one for one. */
function expectTicksMatchQuotes(fake: FakeSession, host: ReturnType<FakeSession['host']>, symbol: string): void {
  const sent = fake.broker.quotesSent(symbol);
  const ticks = host.ticksOf(symbol).filter((tick) => (tick.flags & TickFlags.TRADE) === 0);
  expect(ticks.length).toBeGreaterThan(0);
  ticks.forEach((tick, index) => {
    const quote = sent[index]!;
    expect([tick.bid, tick.ask, tick.volume], `${symbol} tick ${index}`).toEqual([
      Math.fround(quote.bid),
      Math.fround(quote.ask),
      quote.bidSize + quote.askSize,
    ]);
    expect(Math.abs(tick.timestampMs - quote.venueTimeMs)).toBeLessThan(0.001);
  });
}

describe('Alpaca market data against the fake, over real sockets', () => {
  for (const quoteConditionForm of ['array', 'string'] as const) {
    it(`reads stock quotes whose condition is sent as ${quoteConditionForm === 'array' ? 'an array' : 'a string'}`, async () => {
      session = await startFakeSession({ quoteConditionForm });
      const host = session.host();
      await host.connector.connect();
      await host.connector.subscribe({ symbols: ['AAPL', 'MSFT'], kinds: ['quotes'] });
      await host.waitForTicks('AAPL', 10);
      await host.waitForTicks('MSFT', 10);
      expectTicksMatchQuotes(session, host, 'AAPL');
      expectTicksMatchQuotes(session, host, 'MSFT');
      expect(host.health.protocolErrors).toEqual([]);
      const subscribe = session.broker.received.streamMessages.find(
        (entry) => (entry.message as { action?: string }).action === 'subscribe',
      );
      expect(subscribe).toEqual({ path: 'v2/iex', message: { action: 'subscribe', quotes: ['AAPL', 'MSFT'] } });
    });
  }

  it('streams the test feed (FAKEPACA) and MessagePack frames with nanosecond venue times', async () => {
    session = await startFakeSession();
    const host = session.host({ stockFeed: 'test', streamEncoding: 'msgpack' });
    await host.connector.connect();
    await host.connector.subscribe({ symbols: ['FAKEPACA'], kinds: ['quotes'] });
    await host.waitForTicks('FAKEPACA', 10);
    expectTicksMatchQuotes(session, host, 'FAKEPACA');
    expect(session.broker.received.subscriptions[0]).toMatchObject({ stream: 'v2/test', symbols: ['FAKEPACA'] });
    // The fake only answers MessagePack requests in MessagePack: the auth above proves the codec both ways.
    expect(session.broker.received.authAttempts.every((attempt) => attempt.accepted)).toBe(true);
    expect(host.health.protocolErrors).toEqual([]);
  });

  it('streams crypto quotes, trades, bars and the order book into ticks and events', async () => {
    session = await startFakeSession({ barIntervalMs: 100 });
    const events = { bars: 0, books: [] as boolean[], trades: 0 };
    const host = session.host(
      {},
      {
        overrides: {
          marketData: {
            wants: () => true,
            quote: () => {},
            trade: () => events.trades++,
            bar: () => events.bars++,
            book: (event) => events.books.push(event.snapshot),
          },
        },
      },
    );
    await host.connector.connect();
    await host.connector.subscribe({ symbols: ['BTC-USD'], kinds: ['quotes', 'trades', 'bars', 'book'] });
    await host.waitFor(
      'crypto trades, bars and books',
      () => events.trades > 1 && events.bars > 1 && events.books.length > 2,
    );
    expect(events.books[0]).toBe(true);
    const ticks = host.ticksOf('BTC-USD');
    expect(ticks.every((tick) => tick.symbolId === symbolIdOf('BTC-USD'))).toBe(true);
    expect(ticks.some((tick) => (tick.flags & TickFlags.TRADE) !== 0)).toBe(true);
    expectTicksMatchQuotes(session, host, 'BTC-USD');
    expect(session.broker.received.subscriptions[0]).toMatchObject({
      stream: 'v1beta3/crypto/us',
      channels: {
        quotes: ['BTC/USD'],
        trades: ['BTC/USD'],
        bars: ['BTC/USD'],
        updatedBars: ['BTC/USD'],
        orderbooks: ['BTC/USD'],
      },
    });
  });

  it('turns the crypto book top into ticks when quotes are not subscribed, and refuses books for stocks', async () => {
    session = await startFakeSession();
    const host = session.host();
    await host.connector.connect();
    await host.connector.subscribe({ symbols: ['ETH-USD'], kinds: ['book'] });
    await host.waitForTicks('ETH-USD', 3);
    const ticks = host.ticksOf('ETH-USD');
    expect(ticks[0]!.flags & TickFlags.SNAPSHOT).toBe(TickFlags.SNAPSHOT);
    expect(ticks.every((tick) => tick.bid < tick.ask)).toBe(true);
    const error = await rejectionOf(host.connector.subscribe({ symbols: ['AAPL'], kinds: ['book'] }));
    expect(isTickwireError(error, 'NOT_SUPPORTED')).toBe(true);
    expect((error as Error).message).toContain('order books for crypto only; AAPL is a stock');
  });

  it('refuses a second connection to the same feed with 406, and the first keeps streaming', async () => {
    session = await startFakeSession();
    const first = session.host();
    const second = session.host();
    await first.connector.connect();
    await first.connector.subscribe({ symbols: ['AAPL'], kinds: ['quotes'] });
    await second.connector.connect();
    const error = await rejectionOf(second.connector.subscribe({ symbols: ['AAPL'], kinds: ['quotes'] }));
    expect(isTickwireError(error, 'CONNECTION_FAILED')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(false);
    expect((error as Error).message).toContain('error 406 "connection limit exceeded"');
    expect((error as Error).message).toContain('one connection per feed and key');
    expect(second.state).toBe('connected');
    const before = first.tickCountOf('AAPL');
    await first.waitForTicks('AAPL', before + 5);
  });

  it('maps 409 (no subscription for the feed) and 405 (symbol limit) to SUBSCRIPTION_FAILED, and forgets the refused pairs', async () => {
    session = await startFakeSession({ symbolLimit: 2 });
    const host = session.host();
    await host.connector.connect();
    session.broker.server.failNextStream('v2/iex', 'auth', 409);
    const noPlan = await rejectionOf(host.connector.subscribe({ symbols: ['AAPL'], kinds: ['quotes'] }));
    expect(isTickwireError(noPlan, 'SUBSCRIPTION_FAILED')).toBe(true);
    expect((noPlan as Error).message).toContain('insufficient subscription');
    await host.connector.subscribe({ symbols: ['AAPL'], kinds: ['quotes'] });
    const tooMany = await rejectionOf(host.connector.subscribe({ symbols: ['MSFT', 'TSLA'], kinds: ['quotes'] }));
    expect(isTickwireError(tooMany, 'SUBSCRIPTION_FAILED')).toBe(true);
    expect((tooMany as Error).message).toContain('error 405 "symbol limit exceeded"');
    // MSFT alone fits, so it is sent again rather than taken as already subscribed.
    await host.connector.subscribe({ symbols: ['MSFT'], kinds: ['quotes'] });
    await host.waitForTicks('MSFT', 3);
    expect(host.state).toBe('connected');
  });

  it('reconnects every stream after a drop, resubscribes the book and flags the gap', async () => {
    session = await startFakeSession();
    const host = session.host();
    await host.connector.connect();
    await host.connector.subscribe({ symbols: ['BTC-USD'], kinds: ['book'] });
    await host.connector.subscribe({ symbols: ['AAPL'], kinds: ['trades', 'quotes'] });
    await host.waitForTicks('BTC-USD', 2);
    await host.waitForTicks('AAPL', 2);
    const lastConnectionBefore = Math.max(
      ...session.broker.received.subscriptions.map((record) => record.connectionId),
    );
    session.broker.server.drop();
    await host.waitForState('reconnecting');
    session.broker.server.restore();
    await host.waitForState('connected', 10_000);
    const lost = host.stateChanges.find((change) => change.current === 'reconnecting')!;
    const bookTicksBefore = lost.tickCountBySymbolId.get(symbolIdOf('BTC-USD'))!;
    await host.waitForTicks('BTC-USD', bookTicksBefore + 2);
    const firstAfter = host.ticksOf('BTC-USD')[bookTicksBefore]!;
    expect(firstAfter.flags & (TickFlags.GAP_BEFORE | TickFlags.SNAPSHOT)).toBe(
      TickFlags.GAP_BEFORE | TickFlags.SNAPSHOT,
    );
    const resubscribed = session.broker.received.subscriptions.filter(
      (record) => record.connectionId > lastConnectionBefore,
    );
    expect(resubscribed.map((record) => record.stream).sort()).toEqual(['v1beta3/crypto/us', 'v2/iex']);
    expect(resubscribed.find((record) => record.stream === 'v2/iex')!.channels).toEqual({
      trades: ['AAPL'],
      quotes: ['AAPL'],
    });
    expect(host.stateChanges.map((change) => change.current)).toEqual([
      'connecting',
      'connected',
      'reconnecting',
      'connected',
    ]);
  });

  it('never logs the credentials, also when the data stream refuses them', async () => {
    const keyId = 'PKSTREAMKEY00000099';
    const secretKey = 'stream-secret-never-logged-99';
    vi.stubEnv('APCA_API_KEY_ID', keyId);
    vi.stubEnv('APCA_API_SECRET_KEY', secretKey);
    session = await startFakeSession({
      credentials: { keyId, secretKey },
      configOverrides: { keyId: undefined, secretKey: undefined },
    });
    const host = session.host({ streamEncoding: 'json' }, { echoLogs: false });
    await host.connector.connect();
    await host.connector.subscribe({ symbols: ['AAPL'], kinds: ['quotes'] });
    await host.waitForTicks('AAPL', 2);
    session.broker.server.rejectAuth();
    const error = await rejectionOf(host.connector.subscribe({ symbols: ['BTC-USD'], kinds: ['quotes'] }));
    expect(isTickwireError(error, 'AUTH_FAILED')).toBe(true);
    const everything = JSON.stringify([
      host.logs,
      String(error),
      (error as { toJSON(): unknown }).toJSON(),
      host.stateChanges,
    ]);
    expect(host.logs.length).toBeGreaterThan(0);
    expect(host.state).toBe('connected');
    expect(everything).not.toContain(secretKey);
    expect(everything).not.toContain(keyId);
  });
});
