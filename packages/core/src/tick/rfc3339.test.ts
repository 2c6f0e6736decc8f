import { describe, expect, it } from 'vitest';
import { parseRfc3339Nanos } from './rfc3339';
import { TickFormatError } from './tick-errors';
import type { EpochTime } from './tick-timestamp';

function parse(text: string, start?: number, end?: number): EpochTime {
  const target: EpochTime = { epochSeconds: Number.NaN, nanoseconds: Number.NaN };
  parseRfc3339Nanos(text, target, start, end);
  return target;
}

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

describe('parseRfc3339Nanos', () => {
  it('parses UTC with every fraction length from 0 to 9 digits', () => {
    expect(parse('2024-03-01T14:30:00Z')).toEqual({ epochSeconds: 1_709_303_400, nanoseconds: 0 });
    expect(parse('2024-03-01T14:30:00.1Z')).toEqual({ epochSeconds: 1_709_303_400, nanoseconds: 100_000_000 });
    expect(parse('2024-03-01T14:30:00.123456Z').nanoseconds).toBe(123_456_000);
    expect(parse('2024-03-01T14:30:00.123456789Z')).toEqual({ epochSeconds: 1_709_303_400, nanoseconds: 123_456_789 });
    expect(parse('2024-03-01T14:30:00.000000001Z').nanoseconds).toBe(1);
    expect(parse('1970-01-01T00:00:00Z')).toEqual({ epochSeconds: 0, nanoseconds: 0 });
  });

  it('applies offsets, and accepts lower-case t/z and a space', () => {
    expect(parse('2024-03-01T09:30:00.5-05:00')).toEqual({ epochSeconds: 1_709_303_400, nanoseconds: 500_000_000 });
    expect(parse('2024-03-01T20:00:00+05:30')).toEqual({ epochSeconds: 1_709_303_400, nanoseconds: 0 });
    expect(parse('2024-03-01T14:30:00-00:00').epochSeconds).toBe(1_709_303_400);
    expect(parse('2024-03-01t14:30:00z').epochSeconds).toBe(1_709_303_400);
    expect(parse('2024-03-01 14:30:00Z').epochSeconds).toBe(1_709_303_400);
  });

  it('gives negative seconds with non-negative nanoseconds before 1970', () => {
    expect(parse('1969-12-31T23:59:59.5Z')).toEqual({ epochSeconds: -1, nanoseconds: 500_000_000 });
  });

  it('knows leap years', () => {
    expect(parse('2024-02-29T00:00:00Z').epochSeconds).toBe(1_709_164_800);
    expect(parse('2000-02-29T00:00:00Z').epochSeconds).toBe(951_782_400);
    expect(() => parse('2023-02-29T00:00:00Z')).toThrow(/no such date/);
    expect(() => parse('2100-02-29T00:00:00Z')).toThrow(/no such date/);
    expect(() => parse('2024-04-31T00:00:00Z')).toThrow(/no such date/);
  });

  it('agrees with Date.parse on 5,000 random timestamps with offsets', () => {
    const random = createRandom(3339);
    const disagreements: string[] = [];
    for (let count = 0; count < 5000; count++) {
      const year = 1900 + Math.floor(random() * 300);
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      const clock = `${pad(Math.floor(random() * 24), 2)}:${pad(Math.floor(random() * 60), 2)}:${pad(Math.floor(random() * 60), 2)}`;
      const fraction = pad(Math.floor(random() * 1e9), 9);
      const offsetMinutes = Math.floor(random() * 28 * 60) - 14 * 60;
      const zone =
        offsetMinutes === 0
          ? 'Z'
          : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMinutes) / 60), 2)}:${pad(Math.abs(offsetMinutes) % 60, 2)}`;
      const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${clock}`;
      const millis = Date.parse(`${date}.${fraction.slice(0, 3)}${zone}`);
      const parsed = parse(`${date}.${fraction}${zone}`);
      const expectedSeconds = Math.floor(millis / 1000);
      const expectedNanos = (millis - expectedSeconds * 1000) * 1_000_000 + Number(fraction.slice(3));
      if (parsed.epochSeconds !== expectedSeconds || parsed.nanoseconds !== expectedNanos) {
        disagreements.push(`${date}.${fraction}${zone}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('reads a timestamp inside a larger frame without slicing', () => {
    const frame = '{"t":"2024-03-01T14:30:00.25Z","p":189.52}';
    const start = frame.indexOf('2024');
    expect(parse(frame, start, frame.indexOf('"', start))).toEqual({
      epochSeconds: 1_709_303_400,
      nanoseconds: 250_000_000,
    });
    expect(() => parse(frame, start, frame.indexOf('"', start) + 1)).toThrow(/after the time zone/);
  });

  it('refuses what is not RFC 3339, quoting the text and saying why', () => {
    const refused: [string, RegExp][] = [
      ['', /too short/],
      ['2024-03-01', /too short/],
      ['2024-03-01T14:30:00', /too short/],
      ['2024-03-01T14:30:00+', /offset/],
      ['2024-03-01T14:30:00.000', /no time zone/],
      ['2024/03/01T14:30:00Z', /YYYY-MM-DD/],
      ['2024-3-01T14:30:00Z0', /YYYY-MM-DD/],
      ['2024-13-01T14:30:00Z', /no such date/],
      ['2024-00-10T14:30:00Z', /no such date/],
      ['2024-03-01X14:30:00Z', /'T'/],
      ['2024-03-01T14-30-00Z', /HH:MM:SS/],
      ['2024-03-01T24:00:00Z', /out of range/],
      ['2024-03-01T14:60:00Z', /out of range/],
      ['2016-12-31T23:59:60Z', /leap second/],
      ['2024-03-01T14:30:00.Z', /no fraction digits/],
      ['2024-03-01T14:30:00.1234567891Z', /more than 9 fraction digits/],
      ['2024-03-01T14:30:00+0500', /offset/],
      ['2024-03-01T14:30:00+24:00', /offset is out of range/],
      ['2024-03-01T14:30:00+05:60', /offset is out of range/],
      ['2024-03-01T14:30:00ZZ', /after the time zone/],
      ['2024-03-01T14:30:00 UTC', /no time zone/],
    ];
    for (const [text, why] of refused) {
      try {
        parse(text);
        expect.unreachable(`${text} was accepted`);
      } catch (error) {
        expect(TickFormatError.isInstance(error), text).toBe(true);
        expect((error as TickFormatError).problem).toBe('TICK_INVALID_TIMESTAMP_TEXT');
        expect((error as Error).message, text).toMatch(why);
        expect((error as Error).message, text).toContain(JSON.stringify(text));
      }
    }
  });
});
