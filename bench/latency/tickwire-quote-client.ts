import type WebSocket from 'ws';
import { AlpacaDataParser } from '../../packages/connector-alpaca/src/alpaca-data-parser';
import { decodeAlpacaFrame } from '../../packages/connector-alpaca/src/alpaca-frame-codec';
import { AlpacaSymbolStates } from '../../packages/connector-alpaca/src/alpaca-symbol-state';
import { createConnectorContext } from '../../packages/core/src/connector/index';
import { RingTickWriter } from '../../packages/core/src/ingest/index';
import type { SpscRing } from '../../packages/core/src/ring/index';
import { TickSource } from '../../packages/core/src/tick/index';
import { openFeedSocket } from './feed-socket';
import { monotonicMs } from './thread-clock';

// US stocks quote in cents: the writer checks every price against it, as the runtime would.
const STOCK_PRICE_INCREMENT = 0.01;

/**
 * The measured path on the main thread: a `ws` client whose frames go through the Alpaca connector's own market-data
 * hot path (`decodeAlpacaFrame`, then `AlpacaDataParser.handleArray`, exactly what its stream does per data frame)
 * into a `RingTickWriter` and the ring. Before each frame it writes the receipt time into the side slot of the ring
 * position the frame's tick will take, where the consumer finds it.
 */
export class TickwireQuoteClient {
  readonly writer: RingTickWriter;
  /** Frames received. */
  received = 0;
  /** Messages the parser skipped as unusable (must be 0). */
  protocolErrors = 0;
  /** Ticks the writer refused as unencodable (must be 0). */
  refused = 0;
  private readonly parser: AlpacaDataParser;
  private readonly receiptMask: number;
  private socket: WebSocket | undefined;

  /** @param receiptTimes - monotonic ms per ring position; its length is a power of two. */
  constructor(
    ring: SpscRing,
    private readonly receiptTimes: Float64Array,
  ) {
    this.receiptMask = receiptTimes.length - 1;
    this.writer = new RingTickWriter(
      ring,
      TickSource.ALPACA,
      () => STOCK_PRICE_INCREMENT,
      () => {
        this.refused++;
      },
    );
    const context = createConnectorContext({
      connectorId: 'alpaca-latency-bench',
      tickSourceId: TickSource.ALPACA,
      tickWriter: this.writer,
      orderEvents: { emit: () => {} },
      logLevel: 'silent',
      overrides: {
        health: {
          reportFeedStale: () => {},
          reportGap: () => {},
          reportResynced: () => {},
          reportProtocolError: () => {
            this.protocolErrors++;
          },
        },
      },
    });
    this.parser = new AlpacaDataParser({
      context,
      states: new AlpacaSymbolStates(),
      streamName: 'stocks (latency bench)',
      onData: () => {},
    });
  }

  /** Connects to the feed; frames flow as soon as the feed starts. */
  async connect(url: string): Promise<void> {
    this.socket = await openFeedSocket(url);
    this.socket.on('message', this.onFrame);
  }

  /** Stops handling frames at once (frames still in flight are ignored) and closes the socket. */
  close(): void {
    this.socket?.off('message', this.onFrame);
    this.socket?.close();
  }

  private readonly onFrame = (data: Buffer, isBinary: boolean): void => {
    this.receiptTimes[this.writer.counters.published & this.receiptMask] = monotonicMs();
    this.received++;
    const decoded = decodeAlpacaFrame(data, isBinary);
    if (Array.isArray(decoded)) this.parser.handleArray(decoded);
    else this.protocolErrors++;
  };
}
