import * as zmq from 'zeromq';
import { symbolIdOf } from '../../packages/core/src/tick/symbol-id';

/** Bytes of the bridge's tick batch header; the raw baseline sends the same payload layout. */
const HEADER_BYTES = 16;

/** Ticks for the benchmark: `symbols` interleaved round-robin, as a live feed interleaves them. */
export function benchTicks(symbols: readonly string[], total: number): Uint8Array {
  const records = new Uint8Array(total * 32);
  const view = new DataView(records.buffer);
  const ids = symbols.map(symbolIdOf);
  for (let index = 0; index < total; index++) {
    const at = index * 32;
    view.setBigUint64(at, 1_700_000_000_000_000_000n + BigInt(index), true);
    view.setUint32(at + 8, ids[index % ids.length]!, true);
    view.setFloat32(at + 12, 100 + (index % 100) / 4, true);
    view.setFloat32(at + 16, 100.25 + (index % 100) / 4, true);
    view.setFloat32(at + 20, 1, true);
    view.setUint8(at + 24, 7);
    view.setUint32(at + 28, Math.floor(index / ids.length), true);
  }
  return records;
}

/**
 * A copy of `records` from another source (9), for warming a sender up: the receivers subscribe to source 7 only,
 * so the PUB socket drops these batches without sending them.
 */
export function warmUpTicks(records: Uint8Array, count: number): Uint8Array {
  const copy = records.slice(0, count * 32);
  for (let index = 0; index < count; index++) copy[index * 32 + 24] = 9;
  return copy;
}

/**
 * The same ticks cut into per-symbol batches of `batch` records with the bridge's header, built before timing, on
 * topics of `source` (the records are not changed: pass warm-up records for a warm-up on source 9).
 */
export function rawBatches(
  records: Uint8Array,
  symbolCount: number,
  batch: number,
  source = 7,
): { topic: Buffer; payload: Buffer }[] {
  const total = records.byteLength / 32;
  const view = new DataView(records.buffer, records.byteOffset);
  const out: { topic: Buffer; payload: Buffer }[] = [];
  for (let symbol = 0; symbol < symbolCount; symbol++) {
    const symbolId = view.getUint32(symbol * 32 + 8, true);
    const topic = Buffer.from(`t.${source}.${symbolId.toString(16).padStart(8, '0')}`);
    const indices: number[] = [];
    for (let index = symbol; index < total; index += symbolCount) indices.push(index);
    for (let first = 0; first < indices.length; first += batch) {
      const chunk = indices.slice(first, first + batch);
      const payload = Buffer.alloc(HEADER_BYTES + chunk.length * 32);
      payload.writeUInt8(1, 0);
      payload.writeUInt8(HEADER_BYTES, 1);
      payload.writeUInt8(32, 2);
      payload.writeUInt8(1, 3);
      payload.writeUInt32LE(chunk.length, 4);
      for (const [position, index] of chunk.entries()) {
        payload.set(records.subarray(index * 32, index * 32 + 32), HEADER_BYTES + position * 32);
      }
      out.push({ topic, payload });
    }
  }
  return out;
}

/**
 * Raw zeromq.js doing the bridge's job with straightforward code, for the "cut while timed" baseline: split
 * interleaved ticks into per-(source, symbol) batches (a Map lookup and `Uint8Array.set(subarray)` per tick, a fresh
 * `Buffer.allocUnsafe` per batch, the same 16-byte header) and send each full batch as [topic, payload].
 */
export class RawBatchCutter {
  private readonly pending = new Map<number, { topic: Buffer; payload: Buffer; count: number }>();

  constructor(
    private readonly socket: zmq.Publisher,
    private readonly batch: number,
  ) {}

  add(records: Uint8Array, count: number): void {
    const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
    for (let index = 0; index < count; index++) {
      const at = index * 32;
      const symbolId = view.getUint32(at + 8, true);
      const source = records[at + 24]!;
      const key = source * 2 ** 32 + symbolId;
      let open = this.pending.get(key);
      if (open === undefined) {
        const topic = Buffer.from(`t.${source}.${symbolId.toString(16).padStart(8, '0')}`);
        open = { topic, payload: Buffer.allocUnsafe(HEADER_BYTES + this.batch * 32), count: 0 };
        this.pending.set(key, open);
      }
      open.payload.set(records.subarray(at, at + 32), HEADER_BYTES + open.count * 32);
      if (++open.count === this.batch) this.send(open);
    }
  }

  /** Sends every partial batch. */
  flush(): void {
    for (const open of this.pending.values()) if (open.count > 0) this.send(open);
  }

  private send(open: { topic: Buffer; payload: Buffer; count: number }): void {
    const payload = open.payload.subarray(0, HEADER_BYTES + open.count * 32);
    payload.writeUInt32LE(0x01201001, 0);
    payload.writeUInt32LE(open.count, 4);
    payload.writeUInt32LE(0, 8);
    payload.writeUInt32LE(0, 12);
    void this.socket.send([open.topic, payload]);
    open.payload = Buffer.allocUnsafe(HEADER_BYTES + this.batch * 32);
    open.count = 0;
  }
}

/** A bare zeromq.js PUB that heartbeats until told to stop, then sends what it is given. */
export class RawPublisher {
  readonly socket = new zmq.Publisher({ sendHighWaterMark: 0, sendTimeout: 0, linger: 2000 });
  private beat: NodeJS.Timeout | null = null;

  async start(): Promise<string> {
    await this.socket.bind('tcp://127.0.0.1:*');
    this.beat = setInterval(() => void this.socket.send(['h.', '{}']), 20);
    return this.socket.lastEndpoint!;
  }

  stopHeartbeat(): void {
    if (this.beat !== null) clearInterval(this.beat);
  }

  close(): void {
    this.stopHeartbeat();
    this.socket.close();
  }
}

/** A bare zeromq.js ROUTER answering each intent with a minimal JSON reply. */
export class RawEchoRouter {
  readonly socket = new zmq.Router({ sendTimeout: 0, linger: 0 });

  /** Binds `endpoint` (a free loopback TCP port by default) and serves; resolves to the bound endpoint. */
  async start(endpoint = 'tcp://127.0.0.1:*'): Promise<string> {
    await this.socket.bind(endpoint);
    void this.serve();
    return this.socket.lastEndpoint!;
  }

  private async serve(): Promise<void> {
    while (!this.socket.closed) {
      let frames: Buffer[];
      try {
        frames = await this.socket.receive();
      } catch {
        return;
      }
      const intent = JSON.parse(String(frames[1])) as { intent: string };
      void this.socket.send([frames[0]!, JSON.stringify({ v: 1, type: 'accepted', intent: intent.intent })]);
    }
  }

  close(): void {
    this.socket.close();
  }
}
