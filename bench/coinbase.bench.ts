// Coinbase market data ingest, frames per second: the Coinbase connector (parse, sequence check, L2 book, ticks)
// against a bare JSON.parse loop and ccxt's Coinbase watchers (watchOrderBook, watchTicker), all reading the same
// prepared level2 or ticker frames from a local WebSocket feed in a worker thread, in one run.
import { spawnWorker } from '../packages/core/src/threads/worker-launcher';
import { type PeerResult, runCcxt, runJsonParse, runTickwire } from './coinbase/bench-peers';
import type { FeedMode } from './coinbase/feed-frames';
import { benchCase } from './lib/bench-case';
import type { BenchCase, Benchmark } from './lib/bench-types';

const FRAMES = Number(process.env.COINBASE_BENCH_FRAMES ?? 100_000);

async function withFeed<T>(mode: FeedMode, run: (port: number, frames: number) => Promise<T>): Promise<T> {
  const worker = spawnWorker(new URL('./coinbase/feed-worker.ts', import.meta.url), {
    workerData: { mode, count: FRAMES },
  });
  const { port, frames } = await new Promise<{ port: number; frames: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  try {
    return await run(port, frames);
  } finally {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}

async function measure(mode: FeedMode): Promise<BenchCase[]> {
  const parse = await withFeed(mode, (port, frames) => runJsonParse(port, mode, frames));
  const tickwire = await withFeed(mode, async (port, frames) => {
    const result = await runTickwire(port, mode);
    return { ...result, framesPerSecond: (frames / result.elapsedMs) * 1000 };
  });
  const ccxt = await withFeed(mode, (port, frames) => runCcxt(port, mode, frames));
  const watcher = mode === 'level2' ? 'ccxt watchOrderBook' : 'ccxt watchTicker';
  const cases = [
    benchCase(
      `${mode} ingest vs bare JSON.parse (${FRAMES} frames)`,
      'msgs/s',
      tickwire.framesPerSecond,
      parse.framesPerSecond,
      'ws + JSON.parse only',
      `tickwire ${tickwire.ticks} ticks in ${tickwire.elapsedMs.toFixed(0)} ms; the floor is a parse with no book, no ticks`,
    ),
  ];
  if ('skipped' in ccxt) {
    cases.push(
      benchCase(
        `${mode} ingest vs ccxt`,
        'msgs/s',
        tickwire.framesPerSecond,
        null,
        null,
        `ccxt skipped: ${ccxt.skipped}`,
      ),
    );
  } else {
    const peer = ccxt as PeerResult;
    cases.push(
      benchCase(
        `${mode} ingest vs ${watcher} (${FRAMES} frames)`,
        'msgs/s',
        tickwire.framesPerSecond,
        peer.framesPerSecond,
        watcher,
        `ccxt ${peer.elapsedMs.toFixed(0)} ms`,
      ),
    );
  }
  return cases;
}

const benchmark: Benchmark = {
  name: 'coinbase',
  description: 'Coinbase level2 and ticker ingest from a local feed: tickwire vs JSON.parse vs ccxt watchers',
  async run() {
    return [...(await measure('level2')), ...(await measure('ticker'))];
  },
};

export default benchmark;
