import { Encoder, ExtensionCodec, encodeTimeSpecToTimestamp } from '@msgpack/msgpack';

/**
 * A venue timestamp with nanoseconds. Serialised as RFC 3339 text in JSON (`toJSON`), as a MessagePack timestamp
 * (extension -1) in MessagePack frames: the two forms Alpaca uses.
 */
export class VenueTimestamp {
  constructor(
    readonly sec: number,
    readonly nsec: number,
  ) {}

  /** Epoch milliseconds with the sub-millisecond part as a fraction, exactly as a tick's time decodes. */
  get ms(): number {
    return this.sec * 1000 + this.nsec / 1e6;
  }

  /** `2024-03-01T14:30:00.123456789Z`. */
  toJSON(): string {
    const whole = new Date(this.sec * 1000).toISOString().slice(0, 19);
    return `${whole}.${String(this.nsec).padStart(9, '0')}Z`;
  }

  /** RFC 3339 with microseconds, as Alpaca writes REST timestamps. */
  toRestText(): string {
    const whole = new Date(this.sec * 1000).toISOString().slice(0, 19);
    return `${whole}.${String(Math.floor(this.nsec / 1000)).padStart(6, '0')}Z`;
  }
}

/** The fake venue's clock: real time plus a skew the clock-skew fault sets. */
export class FakeAlpacaClock {
  /** How far the venue's clock runs ahead of the real one, ms (negative: behind). */
  offsetMs = 0;

  /** Venue time now, epoch ms. */
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Venue time now, with sub-millisecond precision (from the high-resolution clock). */
  now(): VenueTimestamp {
    const ms = performance.timeOrigin + performance.now() + this.offsetMs;
    const sec = Math.floor(ms / 1000);
    const nsec = Math.min(999_999_999, Math.max(0, Math.round((ms - sec * 1000) * 1e6)));
    return new VenueTimestamp(sec, nsec);
  }
}

const venueCodec = new ExtensionCodec();
venueCodec.register({
  type: -1,
  encode: (value) => (value instanceof VenueTimestamp ? encodeTimeSpecToTimestamp(value) : null),
  decode: () => null,
});
const encoder = new Encoder({ extensionCodec: venueCodec, ignoreUndefined: true });

/** A stream payload in the encoding a client asked for: JSON text, or MessagePack with venue timestamps. */
export function encodeVenuePayload(payload: unknown, encoding: 'json' | 'msgpack'): string | Uint8Array {
  return encoding === 'json' ? JSON.stringify(payload) : encoder.encode(payload);
}
