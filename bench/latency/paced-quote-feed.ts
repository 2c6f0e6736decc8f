// The quote feed: a `ws` server on 127.0.0.1 that sends the same Alpaca quote frames to every connected client at a
// steady rate, paced by a 1 ms timer: each pass sends the number due since the start minus those already sent (so a
// late pass catches up rather than drifting), and corks each socket for the pass so a burst leaves in one write
// instead of one syscall per frame.
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { AlpacaQuoteFrames } from './alpaca-quote-frames';
import type { EpochAnchor } from './epoch-anchor';
import { monotonicMs } from './thread-clock';

const PASS_INTERVAL_MS = 1;

/** How a feed run went. */
export interface FeedSentReport {
  readonly count: number;
  /** From the first to the last send, feed clock. */
  readonly elapsedMs: number;
  readonly timerPasses: number;
  /** Most frames one timer pass sent: how far the feed's thread fell behind its timer at worst. */
  readonly largestBurst: number;
}

// ws keeps the TCP socket in a private field; corking it is what batches one pass's frames into one write.
function tcpSocketOf(client: WebSocket): Socket {
  return (client as unknown as { _socket: Socket })._socket;
}

/** A paced Alpaca-quote feed on 127.0.0.1, on whichever thread creates it. */
export class PacedQuoteFeed {
  private readonly frames: AlpacaQuoteFrames;

  private constructor(
    private readonly server: WebSocketServer,
    symbols: readonly string[],
    anchor: EpochAnchor,
  ) {
    this.frames = new AlpacaQuoteFrames(symbols, anchor);
  }

  /** Listens on an ephemeral loopback port; each frame's `t` is its send time on the shared monotonic clock. */
  static listen(symbols: readonly string[], anchor: EpochAnchor): Promise<PacedQuoteFeed> {
    return new Promise((resolve, reject) => {
      const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
      server.once('listening', () => resolve(new PacedQuoteFeed(server, symbols, anchor)));
      server.once('error', reject);
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Sends `count` frames at `messagesPerSecond` to every client connected now; resolves after the last send. */
  send(messagesPerSecond: number, count: number): Promise<FeedSentReport> {
    const clients = [...this.server.clients].filter((client) => client.readyState === WebSocket.OPEN);
    const sockets = clients.map(tcpSocketOf);
    const frames = this.frames;
    const startMs = monotonicMs();
    let sent = 0;
    let timerPasses = 0;
    let largestBurst = 0;
    let lastSendMs = startMs;
    return new Promise((resolve) => {
      const pass = (): void => {
        timerPasses++;
        const due = Math.min(count, Math.floor(((monotonicMs() - startMs) * messagesPerSecond) / 1000) + 1);
        if (due - sent > largestBurst) largestBurst = due - sent;
        for (const socket of sockets) socket.cork();
        for (; sent < due; sent++) {
          lastSendMs = monotonicMs();
          const frame = frames.frame(sent, lastSendMs);
          for (const client of clients) client.send(frame, { binary: false });
        }
        for (const socket of sockets) socket.uncork();
        if (sent < count) setTimeout(pass, PASS_INTERVAL_MS);
        else resolve({ count: sent, elapsedMs: lastSendMs - startMs, timerPasses, largestBurst });
      };
      pass();
    });
  }

  /** Drops every client and stops listening. */
  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
