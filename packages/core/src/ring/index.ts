export { busyPollSpinsFor, MAX_BUSY_POLL_US } from './busy-poll-calibration';
export { BusyPollWindow, DEFAULT_BUSY_POLL_US, DEFAULT_MAX_BUSY_POLL_US } from './busy-poll-window';
export { consumeAsync, consumeBlocking, consumeSpinning, type RingConsumeOptions } from './ring-consumer-loops';
export { RingError, type RingErrorCode } from './ring-error';
export {
  RING_HEADER_BYTES,
  RING_LAYOUT_VERSION,
  RING_MAX_CAPACITY,
  RING_MIN_CAPACITY,
  RING_SLOT_BYTES,
  type RingOverflowPolicy,
} from './ring-layout';
export type { RingMemory } from './ring-memory';
export type { RingProducerSide } from './ring-producer-side';
export type { RingStats } from './ring-stats';
export { type RingRecordHandler, type RingWaitResult, SpscRing, type SpscRingOptions } from './spsc-ring';
