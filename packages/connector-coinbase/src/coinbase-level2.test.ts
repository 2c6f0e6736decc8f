import { ALL_SYMBOLS, TickFlags } from '@tickwire/core';
import { createTestHost, type TestHost } from '@tickwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedMarketServer } from './__fixtures__/scripted-market-server';
import type { CoinbaseConnector } from './coinbase-connector';
import coinbasePlugin from './index';
import { CoinbaseFakeBroker } from './testing/index';

const PRODUCT = 'BTC-USD';

interface World {
  readonly market: ScriptedMarketServer;
  readonly broker: CoinbaseFakeBroker;
  readonly host: TestHost;
  readonly connector: CoinbaseConnector;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) {
    await world.host.stop();
    await world.market.stop();
    await world.broker.stop();
  }
});

/** The fake serves REST and the user socket; the market socket is a scripted server whose frames the test writes. */
async function bookWorld(): Promise<World> {
  const market = new ScriptedMarketServer();
  const broker = new CoinbaseFakeBroker();
  await broker.start();
  const marketDataUrl = await market.start();
  const host = createTestHost(coinbasePlugin, { ...broker.connectorConfig(), marketDataUrl, dataSilenceMs: 60_000 });
  const world = { market, broker, host, connector: host.connector as CoinbaseConnector };
  worlds.push(world);
  await host.connector.connect();
  await host.connector.subscribe({ symbols: [PRODUCT], kinds: ['book'] });
  return world;
}

function level(side: 'bid' | 'offer', price: string, quantity: string) {
  return { side, event_time: '2024-05-01T12:00:00.1Z', price_level: price, new_quantity: quantity };
}

function l2(type: 'snapshot' | 'update', ...updates: ReturnType<typeof level>[]) {
  return [{ type, product_id: PRODUCT, updates }];
}

function levels(world: World) {
  const top = world.connector.book(PRODUCT)!.topLevels(100);
  return {
    bids: top.bids.map((each) => [each.price, each.quantity]),
    asks: top.asks.map((each) => [each.price, each.quantity]),
  };
}

describe('Coinbase level2 into the core L2 book', () => {
  it('builds the exact book from a snapshot and updates, and quantity 0 removes a level', async () => {
    const world = await bookWorld();
    const { market, host } = world;
    expect(market.messages('subscribe', 'level2').map((message) => message.product_ids)).toEqual([[PRODUCT]]);
    market.send(
      'l2_data',
      l2(
        'snapshot',
        level('bid', '100.00', '1.5'),
        level('bid', '99.50', '2'),
        level('offer', '100.50', '3'),
        level('offer', '101', '4'),
      ),
    );
    await host.waitForTicks(PRODUCT, 1);
    expect(levels(world)).toEqual({
      bids: [
        [100, 1.5],
        [99.5, 2],
      ],
      asks: [
        [100.5, 3],
        [101, 4],
      ],
    });

    market.send(
      'l2_data',
      l2('update', level('bid', '100.25', '0.75'), level('offer', '101', '0'), level('offer', '102', '1')),
    );
    await host.waitForTicks(PRODUCT, 2);
    expect(levels(world)).toEqual({
      bids: [
        [100.25, 0.75],
        [100, 1.5],
        [99.5, 2],
      ],
      asks: [
        [100.5, 3],
        [102, 1],
      ],
    });

    // Removing the best bid moves the top: one more tick; removing a level that is not there changes nothing.
    market.send('l2_data', l2('update', level('bid', '100.25', '0'), level('bid', '42', '0')));
    await host.waitForTicks(PRODUCT, 3);
    expect(levels(world)).toEqual({
      bids: [
        [100, 1.5],
        [99.5, 2],
      ],
      asks: [
        [100.5, 3],
        [102, 1],
      ],
    });

    const ticks = host.ticksOf(PRODUCT);
    expect(ticks.map((tick) => [tick.bid, tick.ask, tick.volume])).toEqual([
      [100, 100.5, 4.5],
      [100.25, 100.5, 3.75],
      [100, 100.5, 4.5],
    ]);
    expect(ticks.map((tick) => tick.flags & (TickFlags.SNAPSHOT | TickFlags.GAP_BEFORE | TickFlags.TRADE))).toEqual([
      TickFlags.SNAPSHOT,
      0,
      0,
    ]);
    // Envelope time, to the nanosecond the f64 milliseconds keep.
    expect(ticks[0]!.epochSeconds).toBe(Date.parse('2024-05-01T12:00:00Z') / 1000);
    expect(ticks[0]!.nanoseconds).toBe(123_456_789);
  });

  it('on a sequence_num gap: reports it, resubscribes level2 for a new snapshot, flags the next tick, then resynced', async () => {
    const world = await bookWorld();
    const { market, host } = world;
    market.send('l2_data', l2('snapshot', level('bid', '100', '1'), level('offer', '101', '1')));
    await host.waitForTicks(PRODUCT, 1);
    const sequenceBefore = host.health.gaps.length;
    expect(sequenceBefore).toBe(0);

    // Three messages lost: the update after them must not be applied to a book that missed them.
    market.send('l2_data', l2('update', level('bid', '100.5', '9')), 3);
    await host.waitFor('a gap report', () => host.health.gaps.length === 1);
    const [gap] = host.health.gaps;
    expect(gap).toMatchObject({ symbol: ALL_SYMBOLS });
    expect(gap!.received - gap!.expected).toBe(3);
    expect(world.connector.book(PRODUCT)!.needsResync).toBe(true);
    await host.waitFor('level2 resubscribed', () => market.messages('subscribe', 'level2').length === 2);
    expect(market.messages('unsubscribe', 'level2').map((message) => message.product_ids)).toEqual([[PRODUCT]]);
    expect(host.health.resynced).toEqual([]);
    expect(host.tickCountOf(PRODUCT)).toBe(1);

    market.send('l2_data', l2('snapshot', level('bid', '100.75', '2'), level('offer', '101.25', '3')));
    await host.waitForTicks(PRODUCT, 2);
    expect(levels(world)).toEqual({ bids: [[100.75, 2]], asks: [[101.25, 3]] });
    await host.waitFor('reportResynced', () => host.health.resynced.some((report) => report.symbol === PRODUCT));
    market.send('l2_data', l2('update', level('offer', '101.25', '1')));
    await host.waitForTicks(PRODUCT, 3);

    const flags = host.ticksOf(PRODUCT).map((tick) => tick.flags & (TickFlags.SNAPSHOT | TickFlags.GAP_BEFORE));
    expect(flags).toEqual([TickFlags.SNAPSHOT, TickFlags.SNAPSHOT | TickFlags.GAP_BEFORE, 0]);
    expect(host.health.gaps).toHaveLength(1);
  });

  it('skips what it cannot use and says so: unknown event type, unknown side, unknown channel', async () => {
    const world = await bookWorld();
    const { market, host } = world;
    market.send('l2_data', l2('snapshot', level('bid', '100', '1'), level('offer', '101', '1')));
    await host.waitForTicks(PRODUCT, 1);
    market.send('l2_data', [{ type: 'partial', product_id: PRODUCT, updates: [] }]);
    market.send('l2_data', l2('update', { side: 'middle', price_level: '100.5', new_quantity: '1' } as never));
    market.send('auction_imbalance', [{ type: 'update' }]);
    market.send('l2_data', l2('update', level('bid', '100.5', '1')));
    await host.waitForTicks(PRODUCT, 2);
    const messages = host.health.protocolErrors.map((report) => report.error.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain('"partial"');
    expect(messages[1]).toContain('middle');
    expect(messages[2]).toContain('"auction_imbalance"');
    expect(levels(world).bids).toEqual([
      [100.5, 1],
      [100, 1],
    ]);
    expect(host.health.gaps).toEqual([]);
    expect(host.state).toBe('connected');
  });
});
