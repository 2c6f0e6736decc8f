import { TickFormatError } from './tick-errors';
import type { EpochTime } from './tick-timestamp';

const charZero = 48;
const daysBeforeEpoch = 719_468; // days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar

function fail(text: string, start: number, end: number, problem: string): never {
  throw new TickFormatError(
    'TICK_INVALID_TIMESTAMP_TEXT',
    `${JSON.stringify(text.slice(start, end))} is not an RFC 3339 timestamp: ${problem}. Expected ` +
      'YYYY-MM-DDTHH:MM:SS[.fraction of 1 to 9 digits](Z|+HH:MM|-HH:MM), e.g. 2024-03-01T14:30:00.123456789Z.',
  );
}

/** The value of `count` decimal digits at `index`, or -1 when one of them is not a digit. */
function digits(text: string, index: number, count: number): number {
  let value = 0;
  for (let position = index; position < index + count; position++) {
    const digit = text.charCodeAt(position) - charZero;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - daysBeforeEpoch;
}

/**
 * Parses an RFC 3339 timestamp with up to nanosecond precision, such as `2024-03-01T14:30:00.123456789Z` or
 * `2024-03-01T09:30:00.5-05:00`, into `target.epochSeconds` + `target.nanoseconds` (UTC; a time before 1970 gives
 * negative seconds and nanoseconds still in 0..999_999_999). Reads `text` from `start` to `end`, so a parser can
 * point at a timestamp inside a larger frame without slicing; allocates nothing unless it throws.
 *
 * Accepts `T`, `t` or a space between date and time; 0 to 9 fraction digits; `Z`, `z` or a `±HH:MM` offset.
 * Refuses leap second 60 (Unix time has none), impossible dates, more than 9 fraction digits and trailing text.
 *
 * @throws TickFormatError (`TICK_INVALID_TIMESTAMP_TEXT`) naming the text and what is wrong with it.
 */
export function parseRfc3339Nanos(text: string, target: EpochTime, start = 0, end = text.length): void {
  if (end - start < 20) fail(text, start, end, 'too short');
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  if (year < 0 || month < 0 || day < 0 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) {
    fail(text, start, end, 'the date is not YYYY-MM-DD');
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    fail(text, start, end, 'no such date');
  }
  const separator = text.charCodeAt(start + 10);
  if (separator !== 84 && separator !== 116 && separator !== 32) fail(text, start, end, "expected 'T' after the date");
  const hour = digits(text, start + 11, 2);
  const minute = digits(text, start + 14, 2);
  const second = digits(text, start + 17, 2);
  if (
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    text.charCodeAt(start + 13) !== 58 ||
    text.charCodeAt(start + 16) !== 58
  ) {
    fail(text, start, end, 'the time is not HH:MM:SS');
  }
  if (hour > 23 || minute > 59 || second > 59) {
    fail(text, start, end, second === 60 ? 'leap second 60 has no Unix time' : 'hour, minute or second out of range');
  }

  let index = start + 19;
  let nanoseconds = 0;
  if (text.charCodeAt(index) === 46) {
    index++;
    let fractionDigits = 0;
    while (index < end) {
      const digit = text.charCodeAt(index) - charZero;
      if (!(digit >= 0 && digit <= 9)) break;
      if (++fractionDigits > 9) fail(text, start, end, 'more than 9 fraction digits');
      nanoseconds = nanoseconds * 10 + digit;
      index++;
    }
    if (fractionDigits === 0) fail(text, start, end, "a '.' with no fraction digits");
    for (let missing = fractionDigits; missing < 9; missing++) nanoseconds *= 10;
  }

  let offsetSeconds = 0;
  const zone = index < end ? text.charCodeAt(index) : -1;
  if (zone === 90 || zone === 122) {
    index++;
  } else if (zone === 43 || zone === 45) {
    const offsetHours = digits(text, index + 1, 2);
    const offsetMinutes = digits(text, index + 4, 2);
    if (index + 6 > end || offsetHours < 0 || offsetMinutes < 0 || text.charCodeAt(index + 3) !== 58) {
      fail(text, start, end, 'the offset is not +HH:MM or -HH:MM');
    }
    if (offsetHours > 23 || offsetMinutes > 59) fail(text, start, end, 'the offset is out of range');
    offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (zone === 45 ? -1 : 1);
    index += 6;
  } else {
    fail(text, start, end, "no time zone: end with 'Z' or an offset such as +00:00");
  }
  if (index !== end) fail(text, start, end, 'unexpected text after the time zone');

  target.epochSeconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  target.nanoseconds = nanoseconds;
}
