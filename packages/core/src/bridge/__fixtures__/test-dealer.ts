import * as zmq from 'zeromq';

/** A DEALER client for tests: sends JSON (or raw frames) and reads JSON replies with a bounded wait. */
export class TestDealer {
  readonly socket: zmq.Dealer;

  constructor(endpoint: string, options: Partial<zmq.SocketOptions<zmq.Dealer>> = {}) {
    // A DEALER with no connected peer (e.g. a refused CURVE handshake) blocks on send; bound it.
    this.socket = new zmq.Dealer({ linger: 0, sendTimeout: 2000, ...options });
    this.socket.connect(endpoint);
  }

  async send(message: unknown): Promise<void> {
    await this.socket.send(JSON.stringify(message));
  }

  async sendFrames(frames: (string | Buffer)[]): Promise<void> {
    await this.socket.send(frames);
  }

  /** The next reply, parsed; throws when none arrives within `timeoutMs`. */
  async receive(timeoutMs = 2000): Promise<Record<string, unknown>> {
    this.socket.receiveTimeout = timeoutMs;
    const [body] = await this.socket.receive();
    return JSON.parse(String(body)) as Record<string, unknown>;
  }

  /** Sends and waits for the next reply. */
  async request(message: unknown, timeoutMs = 2000): Promise<Record<string, unknown>> {
    this.socket.sendTimeout = timeoutMs;
    await this.send(message);
    return this.receive(timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}
