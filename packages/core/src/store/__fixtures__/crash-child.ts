// A real process that streams ticks through a ring into a TickStore until it is killed. The crash tests SIGKILL
// it mid-stream. Side channel: after each flush it prints `{"flushed":N,"published":M}` on stdout (synchronous
// writes to fd 1), where N is the store's flushedTicks: the first N ticks of the feed are in their files.
//
// Usage: node --import tsx crash-child.ts <directory> [tearing-file-system-module-url]
// The feed alternates EUR/USD and AAPL ticks, each symbol's sequence counting from 0. Gives up after 60 s.
import { writeSync } from 'node:fs';
import { SpscRing } from '../../ring/spsc-ring';
import { TickStore } from '../tick-store';
import { CRASH_STREAMS } from './crash-streams';
import { publishRecords } from './ring-publisher';
import { sampleTicks } from './sample-ticks';

const CHUNK_PER_SYMBOL = 2000;
const LIFETIME_MS = 60_000;

function chunk(firstSequence: number): Uint8Array {
  const parts = CRASH_STREAMS.map((stream) => sampleTicks(stream, firstSequence, CHUNK_PER_SYMBOL));
  const feed = new Uint8Array(CHUNK_PER_SYMBOL * parts.length * 32);
  for (let index = 0; index < CHUNK_PER_SYMBOL; index++) {
    parts.forEach((part, stream) => {
      feed.set(part.subarray(index * 32, index * 32 + 32), (index * parts.length + stream) * 32);
    });
  }
  return feed;
}

async function main(): Promise<void> {
  const [directory, fileSystemModule] = process.argv.slice(2);
  if (directory === undefined) throw new Error('usage: crash-child.ts <directory> [file-system-module-url]');
  const ring = SpscRing.create({ capacity: 1 << 14, waitTimeoutMs: 30_000 });
  const store = await TickStore.start({
    ring,
    directory,
    flushIntervalMs: 10,
    fsync: 'none',
    symbols: CRASH_STREAMS.map((stream) => ({ symbol: stream.symbol, priceIncrement: stream.priceIncrement })),
    onEvent: (event) => writeSync(1, `${JSON.stringify({ event })}\n`),
    ...(fileSystemModule === undefined ? {} : { fileSystemModule }),
  });
  const startedAt = Date.now();
  let published = 0;
  let reported = -1;
  for (let sequence = 0; Date.now() - startedAt < LIFETIME_MS; sequence += CHUNK_PER_SYMBOL) {
    const feed = chunk(sequence);
    published += publishRecords(ring, feed, feed.length / 32);
    const flushed = store.stats().flushedTicks;
    if (flushed !== reported) {
      reported = flushed;
      writeSync(1, `${JSON.stringify({ flushed, published })}\n`);
    }
    // Let the store's messages in; a real feed is paced by its socket.
    await new Promise((resolve) => setImmediate(resolve));
  }
  ring.close();
  await store.closed;
}

main().catch((error: unknown) => {
  writeSync(2, `crash-child failed: ${String(error)}\n`);
  process.exit(1);
});
