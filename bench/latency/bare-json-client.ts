import type WebSocket from 'ws';
import { openFeedSocket } from './feed-socket';
import { LatencyHistogram } from './latency-histogram';
import { monotonicMs } from './thread-clock';

/**
 * The floor: a bare `ws` client on the main thread that only `JSON.parse`s each frame, timed from the same point as
 * tickwire's receipt stamp (the top of the 'message' handler) to the end of its handler. No connector, no ring, no
 * second thread: what any JSON feed client pays before it can do anything with a quote.
 */
export class BareJsonClient {
  readonly latency = new LatencyHistogram();
  /** Frames received. */
  received = 0;
  // Keeps the parse result alive so it cannot be optimised away.
  private parsedLength = 0;
  private socket: WebSocket | undefined;

  /** @param warmupFrames - frames handled before the histogram starts, as on the tickwire side. */
  constructor(private readonly warmupFrames: number) {}

  /** Connects to the feed; frames flow as soon as the feed starts. */
  async connect(url: string): Promise<void> {
    this.socket = await openFeedSocket(url);
    this.socket.on('message', this.onFrame);
  }

  /** Stops handling frames at once and closes the socket. */
  close(): void {
    this.socket?.off('message', this.onFrame);
    this.socket?.close();
  }

  /** Total length of the parsed arrays, proof the parse results were used. */
  get parsedMessages(): number {
    return this.parsedLength;
  }

  private readonly onFrame = (data: Buffer): void => {
    const receivedMs = monotonicMs();
    const parsed = JSON.parse(data.toString('utf8')) as unknown[];
    this.parsedLength += parsed.length;
    const index = this.received++;
    if (index >= this.warmupFrames) this.latency.record((monotonicMs() - receivedMs) * 1000);
  };
}
