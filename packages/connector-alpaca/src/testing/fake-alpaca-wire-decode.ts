import { decode } from '@msgpack/msgpack';
import type { RawData } from 'ws';

/** A client frame as bytes, whatever form `ws` delivered it in. */
export function frameBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * Decodes a client request the way Alpaca's servers accept them: JSON text, or MessagePack when the client asked
 * for that codec. Throws on anything else (the caller answers with error 400).
 */
export function decodeClientFrame(data: RawData, isBinary: boolean, encoding: 'json' | 'msgpack'): unknown {
  const bytes = frameBytes(data);
  if (isBinary && encoding === 'msgpack' && bytes[0] !== 0x7b) return decode(bytes);
  return JSON.parse(bytes.toString('utf8'));
}

/** The encoding a WebSocket upgrade asks for: `Content-Type: application/msgpack` means MessagePack. */
export function requestedEncoding(contentType: string | undefined): 'json' | 'msgpack' {
  return contentType?.toLowerCase().includes('msgpack') === true ? 'msgpack' : 'json';
}
