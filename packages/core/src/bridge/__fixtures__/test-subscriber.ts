import * as zmq from 'zeromq';
import { HEARTBEAT_TOPIC } from '../bridge-protocol';

/** One message read from the bridge's PUB socket. */
export interface ReceivedMessage {
  readonly topic: string;
  readonly payload: Buffer;
}

/** A SUB client for tests, with bounded waits. */
export class TestSubscriber {
  readonly socket: zmq.Subscriber;

  constructor(endpoint: string, topics: readonly string[], options: Partial<zmq.SocketOptions<zmq.Subscriber>> = {}) {
    this.socket = new zmq.Subscriber({ linger: 0, receiveHighWaterMark: 0, ...options });
    this.socket.connect(endpoint);
    this.socket.subscribe(...topics, HEARTBEAT_TOPIC);
  }

  /** The next message, or null when none arrives within `timeoutMs`. */
  async next(timeoutMs: number): Promise<ReceivedMessage | null> {
    this.socket.receiveTimeout = Math.max(1, Math.round(timeoutMs));
    try {
      const [topic, payload] = await this.socket.receive();
      return { topic: String(topic), payload: payload ?? Buffer.alloc(0) };
    } catch {
      return null;
    }
  }

  /**
   * Waits for a heartbeat, which proves the subscription reached the publisher (ZeroMQ's slow-joiner problem:
   * messages published before that are not delivered).
   */
  async ready(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const message = await this.next(deadline - Date.now());
      if (message?.topic === HEARTBEAT_TOPIC) return;
    }
    throw new Error(`no heartbeat within ${timeoutMs} ms`);
  }

  /** Reads messages until `done` says stop or `timeoutMs` passes; heartbeats are skipped unless asked for. */
  async collect(
    done: (messages: ReceivedMessage[]) => boolean,
    timeoutMs: number,
    includeHeartbeats = false,
  ): Promise<ReceivedMessage[]> {
    const messages: ReceivedMessage[] = [];
    const deadline = Date.now() + timeoutMs;
    while (!done(messages) && Date.now() < deadline) {
      const message = await this.next(deadline - Date.now());
      if (message !== null && (includeHeartbeats || message.topic !== HEARTBEAT_TOPIC)) messages.push(message);
    }
    return messages;
  }

  close(): void {
    this.socket.close();
  }
}
