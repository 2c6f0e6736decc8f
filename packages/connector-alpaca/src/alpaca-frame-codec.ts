import { Decoder, decodeTimestampToTimeSpec, Encoder, ExtensionCodec } from '@msgpack/msgpack';

/** What `decodeAlpacaFrame` returns for Alpaca's one-byte `0x01` keepalive frame. */
export const HEARTBEAT_FRAME: unique symbol = Symbol('alpaca heartbeat frame');

/** A stream's frame encoding: Alpaca's JSON (default) or MessagePack codec. */
export type AlpacaStreamEncoding = 'json' | 'msgpack';

// MessagePack timestamps (extension -1) decode to { sec, nsec }: a Date would drop the nanoseconds Alpaca sends.
const timestampAsTimeSpec = new ExtensionCodec();
timestampAsTimeSpec.register({ type: -1, encode: () => null, decode: (data) => decodeTimestampToTimeSpec(data) });
const msgpackDecoder = new Decoder({ extensionCodec: timestampAsTimeSpec });
const msgpackEncoder = new Encoder();

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const HEARTBEAT_BYTE = 0x01;

/**
 * Decodes one frame from an Alpaca stream: the `0x01` heartbeat byte, JSON (text frames, and the binary frames the
 * paper `trade_updates` stream uses), or MessagePack. Throws on a frame that is neither (the caller reports a
 * protocol error and carries on).
 */
export function decodeAlpacaFrame(data: Buffer, isBinary: boolean): unknown {
  if (data.length === 1 && data[0] === HEARTBEAT_BYTE) return HEARTBEAT_FRAME;
  const first = data[0];
  if (!isBinary || first === OPEN_BRACE || first === OPEN_BRACKET) return JSON.parse(data.toString('utf8'));
  return msgpackDecoder.decode(data);
}

/** Encodes a request (auth, listen, subscribe) in the stream's encoding. */
export function encodeAlpacaRequest(request: unknown, encoding: AlpacaStreamEncoding): string | Uint8Array {
  return encoding === 'json' ? JSON.stringify(request) : msgpackEncoder.encode(request);
}

/** The upgrade headers that ask Alpaca for an encoding (MessagePack is asked for with `Content-Type`). */
export function encodingHeaders(encoding: AlpacaStreamEncoding): Readonly<Record<string, string>> {
  return encoding === 'msgpack' ? { 'Content-Type': 'application/msgpack' } : {};
}
