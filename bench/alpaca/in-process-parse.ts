// The CPU side of ingest with no socket: the connector's own hot path (decodeAlpacaFrame, then the market-data parser
// writing ticks through the runtime's RingTickWriter into a ring drained as it goes) against a bare JSON.parse loop
// over the same prepared frames. This is the "parse + normalize" figure of the performance budget.

import { decode } from '@msgpack/msgpack';
import { AlpacaDataParser } from '../../packages/connector-alpaca/src/alpaca-data-parser';
import { decodeAlpacaFrame } from '../../packages/connector-alpaca/src/alpaca-frame-codec';
import { AlpacaSymbolStates } from '../../packages/connector-alpaca/src/alpaca-symbol-state';
import { createConnectorContext } from '../../packages/core/src/connector/default-connector-context';
import { RingTickWriter } from '../../packages/core/src/ingest/ring-tick-writer';
import { SpscRing } from '../../packages/core/src/ring/spsc-ring';
import { TickSource } from '../../packages/core/src/tick/tick-source';
import { buildQuoteFrames, type FeedEncoding } from './quote-frames';

/** Frames per second and quotes per second of one in-process pass. */
export interface InProcessResult {
  readonly framesPerSecond: number;
  readonly quotesPerSecond: number;
}

/** tickwire's decode + parse + ring write over `count` frames of `batch` quotes. */
export function tickwireInProcess(batch: number, count: number, encoding: FeedEncoding = 'json'): InProcessResult {
  const frames = buildQuoteFrames(encoding, batch);
  const binary = encoding === 'msgpack';
  const ring = SpscRing.create({ capacity: 1 << 16, overflow: 'drop-newest' });
  const writer = new RingTickWriter(
    ring,
    TickSource.ALPACA,
    () => 0,
    () => {},
  );
  const context = createConnectorContext({
    connectorId: 'bench',
    tickSourceId: TickSource.ALPACA,
    tickWriter: writer,
    orderEvents: { emit: () => {} },
    logLevel: 'warn',
  });
  const parser = new AlpacaDataParser({
    context,
    states: new AlpacaSymbolStates(),
    streamName: 'bench',
    onData: () => {},
  });
  const pass = (frameCount: number) => {
    for (let index = 0; index < frameCount; index++) {
      parser.handleArray(decodeAlpacaFrame(frames[index % frames.length]!, binary) as unknown[]);
      if ((index & 63) === 63) ring.poll(() => {});
    }
    ring.poll(() => {});
  };
  pass(Math.min(count, 20_000)); // warm-up: let the JIT settle
  const started = performance.now();
  pass(count);
  const seconds = (performance.now() - started) / 1000;
  if (writer.counters.dropped > 0)
    throw new Error(`the bench ring dropped ${writer.counters.dropped} ticks; drain more often`);
  return { framesPerSecond: count / seconds, quotesPerSecond: (count * batch) / seconds };
}

/** The floor: JSON.parse (or a MessagePack decode) of each frame and a count of its quotes, nothing else. */
export function decodeOnlyInProcess(batch: number, count: number, encoding: FeedEncoding = 'json'): InProcessResult {
  const frames = buildQuoteFrames(encoding, batch);
  const decodeFrame = (frame: Buffer) => (encoding === 'json' ? JSON.parse(frame.toString('utf8')) : decode(frame));
  let quotes = 0;
  const pass = (frameCount: number) => {
    for (let index = 0; index < frameCount; index++) {
      const messages = decodeFrame(frames[index % frames.length]!) as { T: string }[];
      for (let position = 0; position < messages.length; position++) if (messages[position]!.T === 'q') quotes++;
    }
  };
  pass(Math.min(count, 20_000));
  const started = performance.now();
  pass(count);
  const seconds = (performance.now() - started) / 1000;
  if (quotes === 0) throw new Error('no quotes parsed');
  return { framesPerSecond: count / seconds, quotesPerSecond: (count * batch) / seconds };
}
