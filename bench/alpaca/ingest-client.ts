// One contender of the Alpaca ingest bench, in a child process of its own (every contender gets the same fresh
// process, and TLS trust of the throwaway certificate through NODE_EXTRA_CA_CERTS):
//   tickwire-json / tickwire-msgpack  the connector (createConnectorContext, the runtime's RingTickWriter and a ring
//                                     drained on the same thread), streamEncoding json or msgpack
//   floor-json / floor-msgpack        a bare `ws` client that decodes each frame and counts quotes: the floor
//   official                          @alpacahq/alpaca-trade-api's data_stream_v2 (it always asks for MessagePack)
// Prints one JSON line: { frames, quotes, elapsedMs, dropped }. Time runs from the subscribe request to the last quote.
import { decode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import alpacaPlugin from '../../packages/connector-alpaca/src/index';
import { createConnectorContext } from '../../packages/core/src/connector/default-connector-context';
import { RingTickWriter } from '../../packages/core/src/ingest/ring-tick-writer';
import { SpscRing } from '../../packages/core/src/ring/spsc-ring';
import { FEED_SYMBOLS } from './quote-frames';

interface Result {
  readonly frames: number;
  readonly quotes: number;
  readonly elapsedMs: number;
  readonly dropped: number;
}

const [client = '', portText = '0', expectedText = '0', framesText = '0'] = process.argv.slice(2);
const port = Number(portText);
const expectedQuotes = Number(expectedText);
const expectedFrames = Number(framesText);

async function runFloor(encoding: 'json' | 'msgpack'): Promise<Result> {
  const socket = new WebSocket(`wss://127.0.0.1:${port}/v2/iex`, {
    perMessageDeflate: false,
    ...(encoding === 'msgpack' ? { headers: { 'Content-Type': 'application/msgpack' } } : {}),
  });
  const send = (request: unknown) =>
    socket.send(encoding === 'json' ? JSON.stringify(request) : Buffer.from(JSON.stringify(request)));
  return new Promise<Result>((resolve, reject) => {
    let started = 0;
    let frames = 0;
    let quotes = 0;
    socket.on('error', reject);
    socket.on('message', (data: Buffer) => {
      const messages = (encoding === 'json' ? JSON.parse(data.toString('utf8')) : decode(data)) as {
        T: string;
        msg?: string;
      }[];
      const first = messages[0]!;
      if (first.T === 'success' && first.msg === 'connected') send({ action: 'auth', key: 'bench', secret: 'bench' });
      else if (first.T === 'success' && first.msg === 'authenticated') {
        started = performance.now();
        send({ action: 'subscribe', quotes: FEED_SYMBOLS });
      } else if (first.T !== 'subscription') {
        frames++;
        for (let index = 0; index < messages.length; index++) if (messages[index]!.T === 'q') quotes++;
        if (quotes >= expectedQuotes) {
          resolve({ frames, quotes, elapsedMs: performance.now() - started, dropped: 0 });
          socket.terminate();
        }
      }
    });
  });
}

async function runTickwire(encoding: 'json' | 'msgpack'): Promise<Result> {
  const ring = SpscRing.create({ capacity: 1 << 16, overflow: 'drop-newest' });
  const writer = new RingTickWriter(
    ring,
    alpacaPlugin.manifest.tickSourceId,
    () => 0,
    () => {},
  );
  const context = createConnectorContext({
    connectorId: 'bench',
    tickSourceId: alpacaPlugin.manifest.tickSourceId,
    tickWriter: writer,
    orderEvents: { emit: () => {} },
    logLevel: 'warn',
  });
  const config = alpacaPlugin.manifest.configSchema.parse({
    keyId: 'bench',
    secretKey: 'bench',
    tradeUpdates: false,
    streamEncoding: encoding,
    endpoints: { trading: `https://127.0.0.1:${port}`, marketDataStream: `wss://127.0.0.1:${port}` },
  });
  const connector = alpacaPlugin.create(config, context);
  await connector.connect();
  // The consumer drains on the same thread between socket reads, as an in-process strategy would.
  const drain = () => {
    ring.poll(() => {});
    if (writer.counters.received < expectedQuotes) setImmediate(drain);
  };
  const started = performance.now();
  await connector.subscribe({ symbols: FEED_SYMBOLS, kinds: ['quotes'] });
  setImmediate(drain);
  await new Promise<void>((resolve) => {
    const check = () => (writer.counters.received >= expectedQuotes ? resolve() : setImmediate(check));
    check();
  });
  const elapsedMs = performance.now() - started;
  ring.poll(() => {});
  await connector.disconnect();
  return { frames: expectedFrames, quotes: writer.counters.received, elapsedMs, dropped: writer.counters.dropped };
}

async function runOfficial(): Promise<Result> {
  const { default: Alpaca } = (await import('@alpacahq/alpaca-trade-api')) as unknown as {
    default: new (options: Record<string, unknown>) => { data_stream_v2: OfficialStream };
  };
  // Its URL option: https:// is turned into wss:// and /v2/iex appended, as for Alpaca itself.
  const alpaca = new Alpaca({
    keyId: 'bench',
    secretKey: 'bench',
    feed: 'iex',
    dataStreamUrl: `https://127.0.0.1:${port}`,
  });
  const stream = alpaca.data_stream_v2;
  return new Promise<Result>((resolve, reject) => {
    let started = 0;
    let quotes = 0;
    stream.onError((error: unknown) => reject(new Error(`official client error: ${String(error)}`)));
    stream.onConnect(() => {
      started = performance.now();
      stream.subscribeForQuotes(FEED_SYMBOLS);
    });
    stream.onStockQuote(() => {
      quotes++;
      if (quotes === expectedQuotes) {
        const elapsedMs = performance.now() - started;
        stream.disconnect();
        resolve({ frames: expectedFrames, quotes, elapsedMs, dropped: 0 });
      }
    });
    stream.connect();
  });
}

interface OfficialStream {
  onError(listener: (error: unknown) => void): void;
  onConnect(listener: () => void): void;
  onStockQuote(listener: (quote: unknown) => void): void;
  subscribeForQuotes(symbols: string[]): void;
  connect(): void;
  disconnect(): void;
}

const runs: Record<string, () => Promise<Result>> = {
  'tickwire-json': () => runTickwire('json'),
  'tickwire-msgpack': () => runTickwire('msgpack'),
  'floor-json': () => runFloor('json'),
  'floor-msgpack': () => runFloor('msgpack'),
  official: runOfficial,
};
const run = runs[client];
if (run === undefined) throw new Error(`unknown client ${client}; one of ${Object.keys(runs).join(', ')}`);
const result = await run();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
