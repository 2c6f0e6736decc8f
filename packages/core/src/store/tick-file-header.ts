import { crc32 } from 'node:zlib';
import { TickStoreError } from './tick-store-error';

/**
 * Bytes before the first record of a tick file. A multiple of 32, so every record stays 32-byte aligned and
 * `numpy.memmap(path, dtype=TICK_DTYPE, mode='r', offset=TICK_FILE_HEADER_SIZE)` maps the records with no copy.
 */
export const TICK_FILE_HEADER_SIZE = 256;
/** The eight bytes every tick file starts with: ASCII `TICKWIRE`. */
export const TICK_FILE_MAGIC = 'TICKWIRE';
/** Version of the file layout (header + records) documented in docs/tick-format.md, "Tick files". */
export const TICK_FILE_FORMAT_VERSION = 1;
/** The longest symbol a header holds, in UTF-8 bytes. */
export const TICK_FILE_MAX_SYMBOL_BYTES = 128;
/** The longest source name a header holds, in ASCII bytes. */
export const TICK_FILE_MAX_SOURCE_NAME_BYTES = 32;
/** `price_decimals` when the price increment is unknown. */
export const TICK_FILE_UNKNOWN_DECIMALS = 255;

/** Byte offsets of the header fields. All integers and floats are little-endian. */
export const TickFileHeaderOffsets = {
  /** 8 bytes, ASCII `TICKWIRE`. */
  MAGIC: 0,
  /** u16, {@link TICK_FILE_FORMAT_VERSION}. */
  FORMAT_VERSION: 8,
  /** u16, {@link TICK_FILE_HEADER_SIZE}: where the first record starts. */
  HEADER_SIZE: 10,
  /** u16, 32: bytes per record. */
  RECORD_SIZE: 12,
  /** u8, the tick source id every record of the file carries. */
  SOURCE_ID: 14,
  /** u8, decimals of the price increment (0.01 -> 2), 255 when unknown. */
  PRICE_DECIMALS: 15,
  /** u32, FNV-1a 32 of the symbol. */
  SYMBOL_ID: 16,
  /** u32, the UTC day as the integer YYYYMMDD. */
  DAY: 20,
  /** f64, the instrument's price increment (tick size); 0 when unknown. */
  PRICE_INCREMENT: 24,
  /** u64, when the file was created, ns since the Unix epoch. */
  CREATED_NS: 32,
  /** u64, UTC midnight starting the day, ns since the Unix epoch. */
  DAY_START_NS: 40,
  /** u32, 0 for the first file of the day, n for the size-rotated `<day>.<n>.tick`. */
  PART: 48,
  /** u32, process id of the writer that created the file. */
  WRITER_PID: 52,
  /** u8, length of the symbol in bytes. */
  SYMBOL_LENGTH: 56,
  /** u8, length of the source name in bytes. */
  SOURCE_NAME_LENGTH: 57,
  /** 128 bytes, the canonical symbol, UTF-8, zero-padded. */
  SYMBOL: 64,
  /** 32 bytes, the source's name (e.g. `truefx`), ASCII, zero-padded. */
  SOURCE_NAME: 192,
  /** u32, CRC-32 (zlib, as Python's `zlib.crc32`) of bytes 0..251. */
  HEADER_CRC32: 252,
} as const;

/** What a tick file's header says, decoded. */
export interface TickFileHeader {
  readonly formatVersion: number;
  readonly headerSize: number;
  readonly recordSize: number;
  readonly sourceId: number;
  /** The source's name as the writer knew it; may be empty. */
  readonly sourceName: string;
  /** The canonical symbol; empty when the writer never learned it (the file holds one symbol id only). */
  readonly symbol: string;
  readonly symbolId: number;
  /** Tick size of the instrument; 0 when unknown. Round prices to it to recover them exactly (see `exactPrice`). */
  readonly priceIncrement: number;
  /** Decimals of {@link TickFileHeader.priceIncrement}; {@link TICK_FILE_UNKNOWN_DECIMALS} when unknown. */
  readonly priceDecimals: number;
  /** UTC day of the file as `YYYY-MM-DD`. */
  readonly day: string;
  /** UTC midnight of {@link TickFileHeader.day}, ns since the epoch. */
  readonly dayStartNs: bigint;
  /** 0 for `<day>.tick`, n for `<day>.<n>.tick`. */
  readonly part: number;
  readonly createdNs: bigint;
  readonly writerPid: number;
}

/** The fields a writer chooses; the rest of a header is fixed or derived. */
export type TickFileHeaderFields = Omit<TickFileHeader, 'formatVersion' | 'headerSize' | 'recordSize' | 'dayStartNs'>;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });
const crcEnd = TickFileHeaderOffsets.HEADER_CRC32;

/** Decimals needed to print multiples of `increment` exactly (0.25 -> 2, 0.00001 -> 5); 255 when unknown. */
export function decimalsOfIncrement(increment: number): number {
  if (!(increment > 0) || !Number.isFinite(increment)) return TICK_FILE_UNKNOWN_DECIMALS;
  for (let decimals = 0; decimals <= 15; decimals++) {
    const scaled = increment * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, scaled)) return decimals;
  }
  return TICK_FILE_UNKNOWN_DECIMALS;
}

/** `YYYY-MM-DD` -> the integer YYYYMMDD the header stores. */
function dayToInteger(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) {
    throw new TickStoreError('STORE_INVALID_OPTION', `tick file day ${JSON.stringify(day)} is not YYYY-MM-DD.`);
  }
  return Number(match[1]) * 10_000 + Number(match[2]) * 100 + Number(match[3]);
}

function integerToDay(value: number): string {
  const year = Math.floor(value / 10_000);
  const month = Math.floor(value / 100) % 100;
  const date = value % 100;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

/** UTC midnight of a `YYYY-MM-DD` day, in ns since the epoch. */
export function dayStartNanoseconds(day: string): bigint {
  return BigInt(Date.parse(`${day}T00:00:00Z`)) * 1_000_000n;
}

/**
 * Builds the 256-byte header of a new tick file.
 *
 * @throws TickStoreError `STORE_INVALID_OPTION` when the symbol or source name does not fit.
 */
export function encodeTickFileHeader(fields: TickFileHeaderFields): Uint8Array {
  const bytes = new Uint8Array(TICK_FILE_HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  const symbolBytes = textEncoder.encode(fields.symbol);
  const sourceNameBytes = textEncoder.encode(fields.sourceName);
  if (symbolBytes.length > TICK_FILE_MAX_SYMBOL_BYTES) {
    throw new TickStoreError(
      'STORE_INVALID_OPTION',
      `symbol ${JSON.stringify(fields.symbol)} is ${symbolBytes.length} UTF-8 bytes; a tick file header holds at most ${TICK_FILE_MAX_SYMBOL_BYTES}. Use a shorter canonical symbol.`,
    );
  }
  if (sourceNameBytes.length > TICK_FILE_MAX_SOURCE_NAME_BYTES) {
    throw new TickStoreError(
      'STORE_INVALID_OPTION',
      `source name ${JSON.stringify(fields.sourceName)} is longer than ${TICK_FILE_MAX_SOURCE_NAME_BYTES} bytes. Use a shorter name.`,
    );
  }
  bytes.set(textEncoder.encode(TICK_FILE_MAGIC), TickFileHeaderOffsets.MAGIC);
  view.setUint16(TickFileHeaderOffsets.FORMAT_VERSION, TICK_FILE_FORMAT_VERSION, true);
  view.setUint16(TickFileHeaderOffsets.HEADER_SIZE, TICK_FILE_HEADER_SIZE, true);
  view.setUint16(TickFileHeaderOffsets.RECORD_SIZE, 32, true);
  view.setUint8(TickFileHeaderOffsets.SOURCE_ID, fields.sourceId);
  view.setUint8(TickFileHeaderOffsets.PRICE_DECIMALS, fields.priceDecimals);
  view.setUint32(TickFileHeaderOffsets.SYMBOL_ID, fields.symbolId >>> 0, true);
  view.setUint32(TickFileHeaderOffsets.DAY, dayToInteger(fields.day), true);
  view.setFloat64(TickFileHeaderOffsets.PRICE_INCREMENT, fields.priceIncrement, true);
  view.setBigUint64(TickFileHeaderOffsets.CREATED_NS, fields.createdNs, true);
  view.setBigUint64(TickFileHeaderOffsets.DAY_START_NS, dayStartNanoseconds(fields.day), true);
  view.setUint32(TickFileHeaderOffsets.PART, fields.part, true);
  view.setUint32(TickFileHeaderOffsets.WRITER_PID, fields.writerPid, true);
  view.setUint8(TickFileHeaderOffsets.SYMBOL_LENGTH, symbolBytes.length);
  view.setUint8(TickFileHeaderOffsets.SOURCE_NAME_LENGTH, sourceNameBytes.length);
  bytes.set(symbolBytes, TickFileHeaderOffsets.SYMBOL);
  bytes.set(sourceNameBytes, TickFileHeaderOffsets.SOURCE_NAME);
  view.setUint32(TickFileHeaderOffsets.HEADER_CRC32, crc32(bytes.subarray(0, crcEnd)), true);
  return bytes;
}

/**
 * Decodes and checks a tick file header.
 *
 * @param bytes - at least the first {@link TICK_FILE_HEADER_SIZE} bytes of the file.
 * @param path - named in the error when the header is refused.
 * @throws TickStoreError `STORE_FILE_CORRUPT` when the magic, sizes, version or checksum are wrong.
 */
export function decodeTickFileHeader(bytes: Uint8Array, path: string): TickFileHeader {
  const corrupt = (what: string): TickStoreError =>
    new TickStoreError(
      'STORE_FILE_CORRUPT',
      `${path} is not a readable tick file: ${what}. Check that the path names a .tick file written by tickwire; a damaged header cannot be repaired, so move the file aside.`,
      path,
    );
  if (bytes.length < TICK_FILE_HEADER_SIZE) {
    throw corrupt(`it holds ${bytes.length} bytes, fewer than the ${TICK_FILE_HEADER_SIZE}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, TICK_FILE_HEADER_SIZE);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== TICK_FILE_MAGIC) throw corrupt(`it starts with ${JSON.stringify(magic)}, not ${TICK_FILE_MAGIC}`);
  const formatVersion = view.getUint16(TickFileHeaderOffsets.FORMAT_VERSION, true);
  if (formatVersion !== TICK_FILE_FORMAT_VERSION) {
    throw corrupt(
      `format version ${formatVersion} is not ${TICK_FILE_FORMAT_VERSION} (a newer tickwire wrote it? upgrade @tickwire/core)`,
    );
  }
  const storedCrc = view.getUint32(TickFileHeaderOffsets.HEADER_CRC32, true);
  const actualCrc = crc32(bytes.subarray(0, crcEnd));
  if (storedCrc !== actualCrc) {
    throw corrupt(`header checksum 0x${actualCrc.toString(16)} does not match the stored 0x${storedCrc.toString(16)}`);
  }
  const headerSize = view.getUint16(TickFileHeaderOffsets.HEADER_SIZE, true);
  const recordSize = view.getUint16(TickFileHeaderOffsets.RECORD_SIZE, true);
  if (headerSize !== TICK_FILE_HEADER_SIZE || recordSize !== 32) {
    throw corrupt(`header size ${headerSize} / record size ${recordSize} are not ${TICK_FILE_HEADER_SIZE} / 32`);
  }
  const symbolLength = view.getUint8(TickFileHeaderOffsets.SYMBOL_LENGTH);
  const sourceNameLength = view.getUint8(TickFileHeaderOffsets.SOURCE_NAME_LENGTH);
  if (symbolLength > TICK_FILE_MAX_SYMBOL_BYTES || sourceNameLength > TICK_FILE_MAX_SOURCE_NAME_BYTES) {
    throw corrupt(`symbol length ${symbolLength} or source name length ${sourceNameLength} is out of range`);
  }
  const symbolStart = TickFileHeaderOffsets.SYMBOL;
  const sourceStart = TickFileHeaderOffsets.SOURCE_NAME;
  return {
    formatVersion,
    headerSize,
    recordSize,
    sourceId: view.getUint8(TickFileHeaderOffsets.SOURCE_ID),
    sourceName: textDecoder.decode(bytes.subarray(sourceStart, sourceStart + sourceNameLength)),
    symbol: textDecoder.decode(bytes.subarray(symbolStart, symbolStart + symbolLength)),
    symbolId: view.getUint32(TickFileHeaderOffsets.SYMBOL_ID, true),
    priceIncrement: view.getFloat64(TickFileHeaderOffsets.PRICE_INCREMENT, true),
    priceDecimals: view.getUint8(TickFileHeaderOffsets.PRICE_DECIMALS),
    day: integerToDay(view.getUint32(TickFileHeaderOffsets.DAY, true)),
    dayStartNs: view.getBigUint64(TickFileHeaderOffsets.DAY_START_NS, true),
    part: view.getUint32(TickFileHeaderOffsets.PART, true),
    createdNs: view.getBigUint64(TickFileHeaderOffsets.CREATED_NS, true),
    writerPid: view.getUint32(TickFileHeaderOffsets.WRITER_PID, true),
  };
}
