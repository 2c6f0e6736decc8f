import { TickFormatError } from './tick-errors';

const nanosPerSecond = 1_000_000_000;
const twoTo16 = 0x1_0000;
const twoTo32 = 0x1_0000_0000;

/** The last whole second a u64 of nanoseconds can hold (2554-07-21T23:34:33Z). */
export const TIMESTAMP_MAX_EPOCH_SECONDS = 18_446_744_073;
/** The last nanosecond within {@link TIMESTAMP_MAX_EPOCH_SECONDS} that still fits in a u64. */
export const TIMESTAMP_MAX_NANOSECONDS_AT_MAX_SECOND = 709_551_615;

/** Seconds + nanoseconds, the form a timestamp takes in drafts and decoded records. */
export interface EpochTime {
  /** Whole seconds since the Unix epoch. */
  epochSeconds: number;
  /** Nanoseconds within the second, 0..999_999_999. */
  nanoseconds: number;
}

/**
 * Throws unless `epochSeconds` + `nanoseconds` is a time tick format v1 can hold: integers, from the epoch up to
 * 2^64 - 1 ns. Allocates nothing when the time is valid.
 */
export function assertEncodableTimestamp(epochSeconds: number, nanoseconds: number): void {
  if (
    !Number.isInteger(epochSeconds) ||
    !Number.isInteger(nanoseconds) ||
    nanoseconds < 0 ||
    nanoseconds >= nanosPerSecond ||
    epochSeconds < 0 ||
    epochSeconds > TIMESTAMP_MAX_EPOCH_SECONDS ||
    (epochSeconds === TIMESTAMP_MAX_EPOCH_SECONDS && nanoseconds > TIMESTAMP_MAX_NANOSECONDS_AT_MAX_SECOND)
  ) {
    throw new TickFormatError(
      'TICK_INVALID_TIMESTAMP',
      `timestamp epochSeconds=${epochSeconds} nanoseconds=${nanoseconds} cannot be encoded: epochSeconds must be an ` +
        `integer in 0..${TIMESTAMP_MAX_EPOCH_SECONDS} (1970 to 2554) and nanoseconds an integer in 0..999999999. ` +
        "Check the parser's unit (ms vs s vs ns) and that it splits the fraction off the seconds.",
    );
  }
}

/**
 * Writes `epochSeconds * 1e9 + nanoseconds` as a little-endian u64 at `byteOffset`, as two exact u32 halves: no
 * BigInt, no allocation. The caller has checked the time with {@link assertEncodableTimestamp}.
 */
export function writeTimestampNs(view: DataView, byteOffset: number, epochSeconds: number, nanoseconds: number): void {
  // seconds = high16 * 2^16 + low16; every partial product and sum stays below 2^53, so each step is exact.
  const secondsHigh = Math.floor(epochSeconds / twoTo16);
  const secondsLow = epochSeconds - secondsHigh * twoTo16;
  const highProduct = secondsHigh * nanosPerSecond;
  const lowPart = secondsLow * nanosPerSecond + nanoseconds;
  // x - floor(x / 2^k) * 2^k is x mod 2^k, exact for these integers, and avoids the slow float modulo.
  const highProductHigh = Math.floor(highProduct / twoTo16);
  const lowPartHigh = Math.floor(lowPart / twoTo32);
  const lowSum = (highProduct - highProductHigh * twoTo16) * twoTo16 + (lowPart - lowPartHigh * twoTo32);
  const carry = Math.floor(lowSum / twoTo32);
  view.setUint32(byteOffset, lowSum - carry * twoTo32, true);
  view.setUint32(byteOffset + 4, highProductHigh + lowPartHigh + carry, true);
}

/**
 * Reads the little-endian u64 nanosecond count at `byteOffset` into `target` as seconds + nanoseconds. Exact over
 * the whole u64 range, without BigInt or allocation.
 */
export function readTimestampNs(view: DataView, byteOffset: number, target: EpochTime): void {
  splitTimestampBits(view.getUint32(byteOffset, true), view.getUint32(byteOffset + 4, true), target);
}

/**
 * Splits a u64 nanosecond count, given as its low and high 32-bit halves, into seconds + nanoseconds and writes them
 * into `target`. Exact for the whole u64 range, without BigInt or allocation.
 */
export function splitTimestampBits(low: number, high: number, target: EpochTime): void {
  // Long division of the four 16-bit digits by 1e9; every intermediate stays below 2^53.
  let current = Math.floor(high / twoTo16);
  let quotient = Math.floor(current / nanosPerSecond);
  let remainder = current - quotient * nanosPerSecond;
  current = remainder * twoTo16 + (high & 0xffff);
  let digit = Math.floor(current / nanosPerSecond);
  quotient = quotient * twoTo16 + digit;
  remainder = current - digit * nanosPerSecond;
  current = remainder * twoTo16 + (low >>> 16);
  digit = Math.floor(current / nanosPerSecond);
  quotient = quotient * twoTo16 + digit;
  remainder = current - digit * nanosPerSecond;
  current = remainder * twoTo16 + (low & 0xffff);
  digit = Math.floor(current / nanosPerSecond);
  target.epochSeconds = quotient * twoTo16 + digit;
  target.nanoseconds = current - digit * nanosPerSecond;
}

/** `epochSeconds * 1e9 + nanoseconds` as a BigInt. Allocates: for tools and tests, not for the hot path. */
export function epochTimeToBigInt(epochSeconds: number, nanoseconds: number): bigint {
  return BigInt(epochSeconds) * 1_000_000_000n + BigInt(nanoseconds);
}

/**
 * Splits a nanosecond BigInt (e.g. from `process.hrtime.bigint()` offsets or a file header) into `target`.
 *
 * @throws TickFormatError (`TICK_INVALID_TIMESTAMP`) when the value is outside 0..2^64 - 1.
 */
export function bigIntToEpochTime(timestampNs: bigint, target: EpochTime): void {
  if (timestampNs < 0n || timestampNs > 0xffff_ffff_ffff_ffffn) {
    throw new TickFormatError(
      'TICK_INVALID_TIMESTAMP',
      `timestamp_ns ${timestampNs} is outside the u64 range 0..18446744073709551615.`,
    );
  }
  target.epochSeconds = Number(timestampNs / 1_000_000_000n);
  target.nanoseconds = Number(timestampNs % 1_000_000_000n);
}
