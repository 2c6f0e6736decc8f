// The three readers the Coinbase ingest bench compares, each reading the same prepared frames from the feed worker.
// Each is timed from the moment it has handled the first data frame to the moment it has handled the last, so the
// connect and subscribe round trips stay out of the figure and every reader is charged for the same frames.

import WebSocket from 'ws';
import { coinbasePlugin } from '../../packages/connector-coinbase/src/coinbase-plugin';
import { CoinbaseFakeBroker } from '../../packages/connector-coinbase/src/testing/coinbase-fake-broker';
import { createConnectorContext, createTickDraft, symbolIdOf } from '../../packages/core/src/index';
import type { FeedMode } from './feed-frames';
import { guardLoopbackOnly } from './loopback-guard';

/** Frames read per second, and how long it took from the first data frame handled to the last. */
export interface PeerResult {
  readonly framesPerSecond: number;
  readonly elapsedMs: number;
}

// The first frame starts the clock, so the frames it times are the ones after it.
function result(frames: number, elapsedMs: number): PeerResult {
  return { framesPerSecond: ((frames - 1) / elapsedMs) * 1000, elapsedMs };
}

const CHANNEL_OF: Record<FeedMode, string> = { level2: 'level2', ticker: 'ticker' };

/** The floor: a `ws` client that only `JSON.parse`s each frame. */
export function runJsonParse(port: number, mode: FeedMode, frames: number): Promise<PeerResult> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    let seen = 0;
    let startedAt = 0;
    let checksum = 0;
    socket.on('open', () => {
      socket.send(JSON.stringify({ type: 'subscribe', channel: CHANNEL_OF[mode], product_ids: ['BTC-USD'] }));
    });
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { sequence_num?: number };
      if (message.sequence_num === undefined) return;
      checksum += message.sequence_num;
      if (++seen === 1) startedAt = performance.now();
      if (seen === frames) {
        const elapsedMs = performance.now() - startedAt;
        socket.terminate();
        if (checksum < 0) reject(new Error('unreachable'));
        resolve(result(frames, elapsedMs));
      }
    });
    socket.on('error', reject);
  });
}

/**
 * The Coinbase connector, whole: its market stream parses each frame, keeps the L2 book (level2) and writes ticks
 * into a counting TickWriter. REST and the user socket go to the fake broker in this thread (its market timers
 * parked); the market data URL points at the feed worker. The first BTC-USD tick (from the first frame: the level2
 * snapshot or the first ticker) starts the clock; the ETH-USD sentinel's tick, from the last frame, stops it.
 */
export async function runTickwire(
  port: number,
  mode: FeedMode,
  frames: number,
): Promise<PeerResult & { ticks: number }> {
  const broker = new CoinbaseFakeBroker({ streamIntervalMs: 3_600_000, heartbeatIntervalMs: 1_000 });
  await broker.start();
  const sentinelId = symbolIdOf('ETH-USD');
  let ticks = 0;
  let startedAt = 0;
  let elapsedMs = 0;
  let finish: (() => void) | undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const draft = createTickDraft();
  const context = createConnectorContext({
    connectorId: 'bench',
    tickSourceId: 6,
    logLevel: 'warn',
    tickWriter: {
      draft,
      publish() {
        ticks++;
        if (draft.symbolId !== sentinelId) {
          if (startedAt === 0) startedAt = performance.now();
        } else {
          elapsedMs = performance.now() - startedAt;
          finish?.();
        }
        return true;
      },
    },
    orderEvents: { emit: () => {} },
  });
  const config = coinbasePlugin.manifest.configSchema.parse({
    ...broker.connectorConfig(),
    marketDataUrl: `ws://127.0.0.1:${port}`,
    dataSilenceMs: 600_000,
    heartbeatSilenceMs: 600_000,
  });
  const connector = coinbasePlugin.create(config, context);
  try {
    await connector.connect();
    await connector.subscribe({ symbols: ['ETH-USD'], kinds: ['quotes'] });
    await connector.subscribe({ symbols: ['BTC-USD'], kinds: [mode === 'level2' ? 'book' : 'quotes'] });
    await done;
    return { ...result(frames, elapsedMs), ticks };
  } finally {
    await connector.disconnect();
    await broker.stop();
  }
}

/**
 * ccxt's Coinbase watcher (`watchOrderBook` or `watchTicker`) on the same feed, with every URL it knows pointed at
 * loopback, its markets set by hand (so it never loads them over REST), and a guard that aborts the case should
 * it try to connect anywhere but 127.0.0.1. Counted by ccxt's own message handler.
 */
export async function runCcxt(port: number, mode: FeedMode, frames: number): Promise<PeerResult | { skipped: string }> {
  const guard = guardLoopbackOnly();
  try {
    const ccxt = (await import('ccxt')) as unknown as { pro: Record<string, new (options: object) => CcxtExchange> };
    const Exchange = ccxt.pro.coinbase;
    if (Exchange === undefined) return { skipped: 'ccxt.pro.coinbase not found' };
    const exchange = new Exchange({ enableRateLimit: false, newUpdates: true });
    pointAtLoopback(exchange.urls as Record<string, unknown>, port);
    exchange.setMarkets([market('BTC-USD', 'BTC', 'USD'), market('ETH-USD', 'ETH', 'USD')]);
    // ccxt insists on an http.Agent for ws:// URLs; a plain one (no proxy) from node:http.
    await exchange.loadHttpProxyAgent();
    let seen = 0;
    let startedAt = 0;
    let elapsedMs = 0;
    let finish: (() => void) | undefined;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const handle = exchange.handleMessage.bind(exchange);
    exchange.handleMessage = (client: unknown, message: { sequence_num?: number }) => {
      handle(client, message);
      if (typeof message?.sequence_num !== 'number') return;
      if (++seen === 1) startedAt = performance.now();
      if (seen === frames) {
        elapsedMs = performance.now() - startedAt;
        finish?.();
      }
    };
    const watching = mode === 'level2' ? exchange.watchOrderBook('BTC/USD') : exchange.watchTicker('BTC/USD');
    let failure: unknown;
    watching.catch((error: unknown) => {
      failure = error;
      finish?.();
    });
    await done;
    await exchange.close();
    if (failure !== undefined) return { skipped: `ccxt failed: ${String((failure as Error)?.message ?? failure)}` };
    if (guard.refused.length > 0) return { skipped: `ccxt tried to reach ${guard.refused.join(', ')}; aborted` };
    return result(frames, elapsedMs);
  } finally {
    guard.remove();
  }
}

interface CcxtExchange {
  urls: unknown;
  setMarkets(markets: unknown[]): void;
  loadHttpProxyAgent(): Promise<unknown>;
  handleMessage: (client: unknown, message: { sequence_num?: number }) => void;
  watchOrderBook(symbol: string): Promise<unknown>;
  watchTicker(symbol: string): Promise<unknown>;
  close(): Promise<void>;
}

// Every URL ccxt holds for Coinbase, REST and WebSocket alike, now points at this machine.
function pointAtLoopback(urls: Record<string, unknown>, port: number): void {
  for (const [name, value] of Object.entries(urls)) {
    if (typeof value === 'string')
      urls[name] = value.startsWith('ws') ? `ws://127.0.0.1:${port}` : 'http://127.0.0.1:9';
    else if (Array.isArray(value)) urls[name] = value.map(() => 'http://127.0.0.1:9');
    else if (typeof value === 'object' && value !== null) pointAtLoopback(value as Record<string, unknown>, port);
  }
}

function market(id: string, base: string, quote: string) {
  return {
    id,
    symbol: `${base}/${quote}`,
    base,
    quote,
    baseId: base,
    quoteId: quote,
    active: true,
    type: 'spot',
    spot: true,
    margin: false,
    swap: false,
    future: false,
    option: false,
    contract: false,
    precision: { price: 0.01, amount: 0.00000001 },
    limits: { amount: {}, price: {}, cost: {} },
    info: {},
  };
}
