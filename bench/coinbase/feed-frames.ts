// Pre-serialised Coinbase frames for the ingest bench, built from the fake's simulated market so they have the
// venue's exact shapes and realistic sizes: a level2 snapshot then updates, or ticker updates, for BTC-USD, and one
// ETH-USD ticker at the end as the sentinel that tells a client it has read everything.
import { FakeProductMarket, seededRandom } from '../../packages/connector-coinbase/src/testing/coinbase-fake-market';

/** Which channel a bench run streams. */
export type FeedMode = 'level2' | 'ticker';

/** The frames, in send order; the last one is the sentinel. */
export function buildFeedFrames(mode: FeedMode, count: number): string[] {
  const market = new FakeProductMarket({ productId: 'BTC-USD', basePrice: 60_000, tickSize: 0.01 }, seededRandom(7));
  const frames: string[] = [];
  let sequence = 0;
  const envelope = (channel: string, events: unknown[]) =>
    JSON.stringify({
      channel,
      client_id: '',
      timestamp: `2024-05-01T12:00:${String(sequence % 60).padStart(2, '0')}.123456789Z`,
      sequence_num: sequence++,
      events,
    });
  if (mode === 'level2') {
    frames.push(envelope('l2_data', [{ type: 'snapshot', product_id: 'BTC-USD', updates: market.snapshotLevels() }]));
  }
  while (frames.length < count) {
    const { changes } = market.step();
    if (mode === 'level2') {
      frames.push(envelope('l2_data', [{ type: 'update', product_id: 'BTC-USD', updates: changes }]));
    } else {
      const top = market.top();
      const last = market.lastTrade();
      frames.push(
        envelope('ticker', [
          {
            type: 'update',
            tickers: [
              {
                type: 'ticker',
                product_id: 'BTC-USD',
                price: last.price,
                volume_24_h: last.volume,
                low_24_h: top.bid,
                high_24_h: top.ask,
                low_52_w: top.bid,
                high_52_w: top.ask,
                price_percent_chg_24_h: '0.12',
                best_bid: top.bid,
                best_bid_quantity: top.bidQuantity,
                best_ask: top.ask,
                best_ask_quantity: top.askQuantity,
              },
            ],
          },
        ]),
      );
    }
  }
  frames.push(
    envelope('ticker', [
      {
        type: 'update',
        tickers: [
          {
            type: 'ticker',
            product_id: 'ETH-USD',
            price: '3000',
            best_bid: '2999.99',
            best_bid_quantity: '1',
            best_ask: '3000.01',
            best_ask_quantity: '1',
          },
        ],
      },
    ]),
  );
  return frames;
}
