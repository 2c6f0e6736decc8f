import type { SpscRing } from '../ring/spsc-ring';
import type { TickConsumer } from './tick-hub';

/**
 * Copies every tick into the tick store's own ring, which the store worker drains to files. A full store ring
 * drops by its policy and counts it (the store's `ticks lost`), so a slow disk never stalls market data.
 */
export class StoreFeedConsumer implements TickConsumer {
  readonly name = 'tick-store';

  constructor(private readonly storeRing: SpscRing) {}

  onTick(bytes: Uint8Array, _view: DataView, byteOffset: number): void {
    this.storeRing.publishRecord(bytes, byteOffset);
  }
}
