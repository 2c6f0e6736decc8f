import type { Bridge } from '../bridge/create-bridge';
import type { TickConsumer } from './tick-hub';

/** Hands every tick to the ZeroMQ bridge, which batches per (source, symbol); flushes when a drain pass ends. */
export class BridgeFeedConsumer implements TickConsumer {
  readonly name = 'bridge';

  constructor(private readonly bridge: Bridge) {}

  onTick(bytes: Uint8Array, _view: DataView, byteOffset: number): void {
    this.bridge.publishTickAt(bytes, byteOffset);
  }

  afterDrain(): void {
    this.bridge.flush();
  }
}
