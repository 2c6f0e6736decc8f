import type { RawData, WebSocket } from 'ws';
import { type FakeOrder, orderToWire } from './fake-alpaca-order-model';
import type { FakeAlpacaExecution } from './fake-alpaca-orders';
import { encodeVenuePayload } from './fake-alpaca-time';
import { decodeClientFrame } from './fake-alpaca-wire-decode';

/** What a trading-stream session asks of its server. */
export interface FakeTradeStreamHost {
  checkCredentials(keyId: unknown, secretKey: unknown): boolean;
  recordAuth(accepted: boolean, connectionId: number): void;
  recordMessage(path: string, message: unknown): void;
}

/**
 * One client of the fake `/stream` (trade_updates): `authenticate` answered on the `authorization` stream, `listen`
 * on `listening` (only `trade_updates` exists), a listen before auth answered `unauthorized` with action `listen`.
 * Frames are binary like the paper stream's (JSON inside) unless text frames were asked for; MessagePack when the
 * upgrade said `Content-Type: application/msgpack`.
 */
export class FakeTradeSession {
  authorized = false;
  listening = false;

  constructor(
    readonly socket: WebSocket,
    readonly connectionId: number,
    readonly encoding: 'json' | 'msgpack',
    private readonly frames: 'binary' | 'text',
    private readonly host: FakeTradeStreamHost,
  ) {
    socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
  }

  /** Sends one message object. */
  send(message: unknown): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const payload = encodeVenuePayload(message, this.encoding);
    const binary = this.encoding === 'msgpack' || this.frames === 'binary';
    this.socket.send(typeof payload === 'string' && binary ? Buffer.from(payload) : payload, { binary });
  }

  /** Sends raw bytes (the 0x01 heartbeat, malformed frames). */
  sendRaw(bytes: Buffer | string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(bytes, { binary: Buffer.isBuffer(bytes) });
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    let request: { action?: unknown; data?: Record<string, unknown> };
    try {
      request = decodeClientFrame(data, isBinary, this.encoding) as typeof request;
      this.host.recordMessage('stream', request);
    } catch {
      this.send({ stream: 'error', data: { error_message: 'invalid syntax' } });
      return;
    }
    if (request?.action === 'authenticate') {
      const accepted = this.host.checkCredentials(request.data?.key_id, request.data?.secret_key);
      this.host.recordAuth(accepted, this.connectionId);
      this.authorized = accepted;
      this.send({
        stream: 'authorization',
        data: { status: accepted ? 'authorized' : 'unauthorized', action: 'authenticate' },
      });
      return;
    }
    if (request?.action === 'listen') {
      if (!this.authorized) {
        this.send({ stream: 'authorization', data: { status: 'unauthorized', action: 'listen' } });
        return;
      }
      const streams = Array.isArray(request.data?.streams) ? (request.data.streams as unknown[]) : [];
      this.listening = streams.includes('trade_updates');
      this.send({ stream: 'listening', data: { streams: this.listening ? ['trade_updates'] : [] } });
      return;
    }
    this.send({ stream: 'error', data: { error_message: `unknown action ${String(request?.action)}` } });
  }
}

/**
 * A `trade_updates` message as Alpaca sends it: the event, the order as it stands now (numbers as strings), the
 * position after it, and for fills the execution's id, price and quantity.
 */
export function tradeUpdateMessage(
  event: string,
  order: FakeOrder,
  positionQty: number,
  execution?: FakeAlpacaExecution,
  statusOverride?: string,
): unknown {
  const timestamp = execution?.timestamp ?? order.updatedAt;
  return {
    stream: 'trade_updates',
    data: {
      event,
      ...(execution === undefined
        ? {}
        : { execution_id: execution.executionId, price: String(execution.price), qty: String(execution.qty) }),
      order: orderToWire(order, statusOverride),
      position_qty: String(positionQty),
      timestamp: timestamp.toRestText(),
    },
  };
}
