import { parseRfc3339Nanos } from '@tickwire/core';

const scratchTime = { epochSeconds: 0, nanoseconds: 0 };

/** A REST number (`"10"`, `"105.89"`, `null`) as a number; `NaN` when absent or unreadable. */
export function alpacaNumber(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') return Number.NaN;
  return typeof value === 'number' ? value : Number(value);
}

/** A REST number that may be absent: the number, or `undefined`. */
export function optionalAlpacaNumber(value: string | number | null | undefined): number | undefined {
  const number = alpacaNumber(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * An Alpaca timestamp (`2024-03-01T14:30:00.123456789Z`, any RFC 3339 precision) as epoch milliseconds with the
 * sub-millisecond part as a fraction; `undefined` when absent or unreadable.
 */
export function alpacaTimeMs(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  try {
    parseRfc3339Nanos(value, scratchTime);
    return scratchTime.epochSeconds * 1000 + scratchTime.nanoseconds / 1e6;
  } catch {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
}

/** Epoch milliseconds as the RFC 3339 text Alpaca's query parameters take (`after`, `until`). */
export function toAlpacaTimeText(epochMs: number): string {
  return new Date(Math.floor(epochMs)).toISOString();
}
