import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { decodeAlpacaFrame, encodeAlpacaRequest, encodingHeaders, HEARTBEAT_FRAME } from './alpaca-frame-codec';
import { encodeVenuePayload, VenueTimestamp } from './testing/fake-alpaca-time';

describe('Alpaca frames', () => {
  it('tells the 0x01 heartbeat from data', () => {
    expect(decodeAlpacaFrame(Buffer.from([0x01]), true)).toBe(HEARTBEAT_FRAME);
    expect(decodeAlpacaFrame(Buffer.from('1'), false)).toBe(1);
  });

  it('reads JSON in text frames and in the binary frames of the paper trade stream', () => {
    const message = { stream: 'listening', data: { streams: ['trade_updates'] } };
    expect(decodeAlpacaFrame(Buffer.from(JSON.stringify(message)), false)).toEqual(message);
    expect(decodeAlpacaFrame(Buffer.from(JSON.stringify(message)), true)).toEqual(message);
    expect(decodeAlpacaFrame(Buffer.from('[{"T":"success","msg":"connected"}]'), true)).toEqual([
      { T: 'success', msg: 'connected' },
    ]);
  });

  it('reads MessagePack with timestamps kept to the nanosecond', () => {
    const frame = Buffer.from(
      encodeVenuePayload([{ T: 'q', S: 'AAPL', t: new VenueTimestamp(1_709_303_400, 123_456_789) }], 'msgpack'),
    );
    expect(decodeAlpacaFrame(frame, true)).toEqual([
      { T: 'q', S: 'AAPL', t: { sec: 1_709_303_400, nsec: 123_456_789 } },
    ]);
    expect(decodeAlpacaFrame(Buffer.from(encode({ stream: 'authorization' })), true)).toEqual({
      stream: 'authorization',
    });
  });

  it('throws on frames that are neither', () => {
    expect(() => decodeAlpacaFrame(Buffer.from('[{"T":"q",'), false)).toThrow();
    expect(() => decodeAlpacaFrame(Buffer.from([0xc1, 0xc1]), true)).toThrow();
  });

  it('writes requests in the asked encoding and asks for MessagePack with Content-Type', () => {
    expect(encodeAlpacaRequest({ action: 'auth' }, 'json')).toBe('{"action":"auth"}');
    expect(
      decodeAlpacaFrame(Buffer.from(encodeAlpacaRequest({ action: 'auth' }, 'msgpack') as Uint8Array), true),
    ).toEqual({ action: 'auth' });
    expect(encodingHeaders('msgpack')).toEqual({ 'Content-Type': 'application/msgpack' });
    expect(encodingHeaders('json')).toEqual({});
  });
});
