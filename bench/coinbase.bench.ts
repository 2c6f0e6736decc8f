// Coinbase market data ingest, frames per second: the Coinbase connector (parse, sequence check, L2 book, ticks)
// against a bare JSON.parse loop and ccxt's Coinbase watchers (watchOrderBook, watchTicker), all reading the same
// prepared level2 or ticker frames from one local WebSocket feed in a worker thread, in one run.
//
// What is measured is each reader's own ingest rate, not the feed's: the feed writes every frame, pre-encoded, in
// one TCP write, and each reader is timed from its first data frame handled to its last. The feed's own send rate
// (the same bytes read by a sink that only counts them) is measured too and must exceed every reader's rate; a row
// where it does not is marked feed-limited in its notes.
import { spawnWorker } from '../packages/core/src/threads/worker-launcher';
import { type PeerResult, runCcxt, runJsonParse, runTickwire } from './coinbase/bench-peers';
import { measureFeedCapacity } from './coinbase/feed-capacity';
import type { FeedMode } from './coinbase/feed-frames';
import { benchCase } from './lib/bench-case';
import type { BenchCase, Benchmark } from './lib/bench-types';

const FRAMES = Number(process.env.COINBASE_BENCH_FRAMES ?? 100_000);
// The machine is shared: each reader runs this many times, interleaved, after one warm-up; the median counts.
const ROUNDS = Number(process.env.COINBASE_BENCH_ROUNDS ?? 3);

interface Feed {
  readonly port: number;
  readonly capacityPort: number;
  readonly frames: number;
  readonly bytes: number;
}

// One feed worker per mode serves every reader: it sends the whole burst to each connection that subscribes.
async function withFeed<T>(mode: FeedMode, run: (feed: Feed) => Promise<T>): Promise<T> {
  const worker = spawnWorker(new URL('./coinbase/feed-worker.ts', import.meta.url), {
    workerData: { mode, count: FRAMES },
  });
  const feed = await new Promise<Feed>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  try {
    return await run(feed);
  } finally {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function rate(value: number): string {
  return value >= 1e6 ? `${(value / 1e6).toFixed(2)}M` : `${(value / 1e3).toFixed(0)}k`;
}

// The feed's rate, and whether it failed to outrun the readers of this row.
function feedNote(feedRate: number, readers: Record<string, number>): string {
  const limited = Object.entries(readers)
    .filter(([, readerRate]) => readerRate >= feedRate)
    .map(([name]) => name);
  const fastest = Math.max(...Object.values(readers));
  const verdict =
    limited.length > 0
      ? `FEED-LIMITED for ${limited.join(', ')}: these figures are the feed's, not the reader's`
      : `${(feedRate / fastest).toFixed(1)}x the fastest reader here`;
  return `feed sends ${rate(feedRate)} msgs/s (${verdict})`;
}

async function measure(mode: FeedMode): Promise<BenchCase[]> {
  return withFeed(mode, async (feed) => {
    const capacity: number[] = [];
    const parse: number[] = [];
    const tickwire: number[] = [];
    const ccxt: number[] = [];
    let ticks = 0;
    let ccxtSkipped: string | undefined;
    const readers: Array<(record: boolean) => Promise<void>> = [
      async (record) => {
        const rate = await measureFeedCapacity(feed.capacityPort, feed.frames, feed.bytes);
        if (record) capacity.push(rate);
      },
      async (record) => {
        const result = await runJsonParse(feed.port, mode, feed.frames);
        if (record) parse.push(result.framesPerSecond);
      },
      async (record) => {
        const result = await runTickwire(feed.port, mode, feed.frames);
        ticks = result.ticks;
        if (record) tickwire.push(result.framesPerSecond);
      },
      async (record) => {
        if (ccxtSkipped !== undefined) return;
        const result = await runCcxt(feed.port, mode, feed.frames);
        if ('skipped' in result) ccxtSkipped = result.skipped;
        else if (record) ccxt.push((result as PeerResult).framesPerSecond);
      },
    ];
    // Round 0 warms the JIT for every reader and is not counted; later rounds rotate the order so that no reader
    // always runs right after the same neighbour on a shared machine.
    for (let round = 0; round <= ROUNDS; round++) {
      for (let index = 0; index < readers.length; index++) {
        await readers[(index + round) % readers.length]?.(round > 0);
      }
    }
    const feedRate = median(capacity);
    const tickwireRate = median(tickwire);
    const parseRate = median(parse);
    const sizeNote = `${feed.frames} frames, ${(feed.bytes / feed.frames).toFixed(0)} B avg, median of ${ROUNDS}`;
    const watcher = mode === 'level2' ? 'ccxt watchOrderBook' : 'ccxt watchTicker';
    const cases = [
      benchCase(
        `${mode} ingest vs bare JSON.parse`,
        'msgs/s',
        tickwireRate,
        parseRate,
        'ws + JSON.parse only',
        `${sizeNote}; tickwire ${ticks} ticks; the floor is a parse with no book, no ticks; ${feedNote(feedRate, { tickwire: tickwireRate, 'JSON.parse': parseRate })}`,
      ),
    ];
    if (ccxtSkipped !== undefined) {
      cases.push(
        benchCase(`${mode} ingest vs ccxt`, 'msgs/s', tickwireRate, null, null, `ccxt skipped: ${ccxtSkipped}`),
      );
    } else {
      const ccxtRate = median(ccxt);
      cases.push(
        benchCase(
          `${mode} ingest vs ${watcher}`,
          'msgs/s',
          tickwireRate,
          ccxtRate,
          watcher,
          `${sizeNote}; ${feedNote(feedRate, { tickwire: tickwireRate, ccxt: ccxtRate })}`,
        ),
      );
    }
    return cases;
  });
}

const benchmark: Benchmark = {
  name: 'coinbase',
  description: 'Coinbase level2 and ticker ingest from a local feed: tickwire vs JSON.parse vs ccxt watchers',
  async run() {
    return [...(await measure('level2')), ...(await measure('ticker'))];
  },
};

export default benchmark;
