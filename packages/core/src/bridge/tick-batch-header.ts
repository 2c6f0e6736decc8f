import { TickwireError } from '../errors';
import { TICK_FORMAT_VERSION, TICK_RECORD_SIZE } from '../tick/tick-layout';
import { BRIDGE_PROTOCOL_VERSION, TICK_BATCH_HEADER_SIZE, TICK_TOPIC_PREFIX } from './bridge-protocol';

/**
 * The fixed header in front of every tick batch payload (16 bytes, little-endian):
 *
 * | offset | type | field |
 * |---|---|---|
 * | 0 | u8 | protocol version (1) |
 * | 1 | u8 | header size in bytes (16; readers skip what they do not know) |
 * | 2 | u8 | record size in bytes (32) |
 * | 3 | u8 | tick format version (1) |
 * | 4 | u32 | record count |
 * | 8 | u32 | session id of the bridge that sent it |
 * | 12 | u32 | batch sequence, per topic, wrapping |
 */
export interface TickBatchHeader {
  readonly protocolVersion: number;
  readonly headerSize: number;
  readonly recordSize: number;
  readonly tickFormatVersion: number;
  readonly count: number;
  readonly sessionId: number;
  readonly batchSequence: number;
}

/** Writes a v1 header at the start of `payload`. */
export function writeTickBatchHeader(
  payload: Uint8Array,
  count: number,
  sessionId: number,
  batchSequence: number,
): void {
  const view = new DataView(payload.buffer, payload.byteOffset, TICK_BATCH_HEADER_SIZE);
  view.setUint8(0, BRIDGE_PROTOCOL_VERSION);
  view.setUint8(1, TICK_BATCH_HEADER_SIZE);
  view.setUint8(2, TICK_RECORD_SIZE);
  view.setUint8(3, TICK_FORMAT_VERSION);
  view.setUint32(4, count, true);
  view.setUint32(8, sessionId >>> 0, true);
  view.setUint32(12, batchSequence >>> 0, true);
}

/**
 * Reads and checks the header of a tick batch payload.
 *
 * @throws TickwireError (`PROTOCOL_ERROR`) when the payload is shorter than its header says, or speaks another
 *   protocol or record version.
 */
export function readTickBatchHeader(payload: Uint8Array): TickBatchHeader {
  if (payload.byteLength < TICK_BATCH_HEADER_SIZE) {
    throw protocolError(`a tick batch of ${payload.byteLength} bytes is shorter than the 16-byte header`);
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const header: TickBatchHeader = {
    protocolVersion: view.getUint8(0),
    headerSize: view.getUint8(1),
    recordSize: view.getUint8(2),
    tickFormatVersion: view.getUint8(3),
    count: view.getUint32(4, true),
    sessionId: view.getUint32(8, true),
    batchSequence: view.getUint32(12, true),
  };
  if (header.protocolVersion !== BRIDGE_PROTOCOL_VERSION || header.recordSize !== TICK_RECORD_SIZE) {
    throw protocolError(
      `tick batch speaks protocol ${header.protocolVersion} with ${header.recordSize}-byte records; this reader knows protocol ${BRIDGE_PROTOCOL_VERSION} with ${TICK_RECORD_SIZE}-byte records`,
    );
  }
  const expected = header.headerSize + header.count * header.recordSize;
  if (header.headerSize < TICK_BATCH_HEADER_SIZE || payload.byteLength !== expected) {
    throw protocolError(
      `tick batch of ${payload.byteLength} bytes declares a ${header.headerSize}-byte header and ${header.count} records (${expected} bytes)`,
    );
  }
  return header;
}

/** The records of a tick batch payload, as a view (no copy): `count * 32` bytes. */
export function tickBatchRecords(payload: Uint8Array, header: TickBatchHeader): Uint8Array {
  return payload.subarray(header.headerSize, header.headerSize + header.count * header.recordSize);
}

/**
 * The topic of tick batches of one source and symbol: `t.<source>.<symbol id hex>`, e.g. `t.7.0a1b2c3d`. The symbol
 * id is always 8 lowercase hex digits, so `t.7.` selects every symbol of source 7 and no prefix is ambiguous.
 */
export function tickTopic(sourceId: number, symbolId: number): string {
  return `${TICK_TOPIC_PREFIX}${sourceId}.${(symbolId >>> 0).toString(16).padStart(8, '0')}`;
}

/** The topic prefix selecting every symbol of one source: `t.<source>.`. */
export function tickSourceTopicPrefix(sourceId: number): string {
  return `${TICK_TOPIC_PREFIX}${sourceId}.`;
}

function protocolError(problem: string): TickwireError {
  return new TickwireError({
    code: 'PROTOCOL_ERROR',
    message: `Bad tick batch: ${problem}. Check that the publisher and this reader speak the same bridge protocol (docs/bridge-protocol.md).`,
  });
}
