// Copies prepared records into a ring in batches, as a feed would publish them.
import type { SpscRing } from '../../ring/spsc-ring';

/**
 * Publishes `count` records from `records` (back to back, 32 bytes each) into `ring`, claiming contiguous
 * batches. Returns how many the ring accepted; the rest were refused by its overflow policy (and counted there).
 */
export function publishRecords(ring: SpscRing, records: Uint8Array, count: number, maxBatch = 1024): number {
  let published = 0;
  let offered = 0;
  while (offered < count) {
    const wanted = Math.min(count - offered, ring.contiguousClaimable(), maxBatch, ring.capacity);
    const granted = ring.claimBatch(wanted);
    if (granted > 0) {
      const target = ring.claimedOffset(0);
      ring.bytes.set(records.subarray(offered * 32, (offered + granted) * 32), target);
      ring.commitBatch(granted);
      published += granted;
    }
    offered += wanted;
  }
  return published;
}
