import type { EpochTime } from '../tick/tick-timestamp';
import { splitTimestampBits } from '../tick/tick-timestamp';

const scratch: EpochTime = { epochSeconds: 0, nanoseconds: 0 };

/**
 * A u64 ns timestamp, given as its two 32-bit halves, as ISO 8601 UTC with all nine fraction digits
 * (`2024-03-15T09:30:00.123456789Z`). Allocates its string: for reports and exports.
 */
export function formatTimestampWords(high: number, low: number): string {
  splitTimestampBits(low, high, scratch);
  const seconds = new Date(scratch.epochSeconds * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(scratch.nanoseconds).padStart(9, '0')}Z`;
}

/** {@link formatTimestampWords} for a BigInt timestamp in ns since the epoch. */
export function formatTimestampNs(timestampNs: bigint): string {
  return formatTimestampWords(Number(timestampNs >> 32n), Number(timestampNs & 0xffff_ffffn));
}
