import type { StoreFileSystem } from './store-file-system';
import { decodeTickFileHeader, TICK_FILE_HEADER_SIZE, type TickFileHeader } from './tick-file-header';

const RECORD_SIZE = 32;
const SCAN_CHUNK_BYTES = 64 * 1024;

/** What reopening an existing tick file found and repaired. */
export interface TickFileRecovery {
  readonly path: string;
  readonly header: TickFileHeader;
  /** Whole records in the file after the repair. */
  readonly recordCount: number;
  /** Bytes of a partial last record (a write cut short by a crash) that were cut off; 0 when the tail was whole. */
  readonly tornBytes: number;
  /**
   * All-zero records cut off the end. A process crash never leaves them, but a power loss can: some file systems
   * grow the file before its data reaches the disk. A real record is never all zeros (its timestamp is not 0).
   */
  readonly zeroRecordsRemoved: number;
}

function isAllZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index++) if (bytes[index] !== 0) return false;
  return true;
}

/**
 * Checks an existing tick file before appending to it: validates the header, cuts off a torn partial record and
 * any all-zero records at the end, so that appending resumes on a record boundary after the last whole tick.
 *
 * @param fd - open for reading and writing.
 * @throws TickStoreError `STORE_FILE_CORRUPT` when the header is not a valid tick file header.
 */
export function recoverTickFileTail(fileSystem: StoreFileSystem, fd: number, path: string): TickFileRecovery {
  const size = fileSystem.fstatSync(fd).size;
  const headerBytes = new Uint8Array(TICK_FILE_HEADER_SIZE);
  const headerRead = fileSystem.readSync(fd, headerBytes, 0, TICK_FILE_HEADER_SIZE, 0);
  const header = decodeTickFileHeader(headerBytes.subarray(0, headerRead), path);
  const tornBytes = (size - TICK_FILE_HEADER_SIZE) % RECORD_SIZE;
  let recordCount = (size - TICK_FILE_HEADER_SIZE - tornBytes) / RECORD_SIZE;
  let zeroRecordsRemoved = 0;
  const chunk = new Uint8Array(SCAN_CHUNK_BYTES);
  scan: while (recordCount > 0) {
    const records = Math.min(recordCount, SCAN_CHUNK_BYTES / RECORD_SIZE);
    const start = TICK_FILE_HEADER_SIZE + (recordCount - records) * RECORD_SIZE;
    fileSystem.readSync(fd, chunk, 0, records * RECORD_SIZE, start);
    for (let index = records - 1; index >= 0; index--) {
      if (!isAllZero(chunk, index * RECORD_SIZE, (index + 1) * RECORD_SIZE)) break scan;
      recordCount--;
      zeroRecordsRemoved++;
    }
  }
  const repairedSize = TICK_FILE_HEADER_SIZE + recordCount * RECORD_SIZE;
  if (repairedSize !== size) fileSystem.ftruncateSync(fd, repairedSize);
  return { path, header, recordCount, tornBytes, zeroRecordsRemoved };
}
