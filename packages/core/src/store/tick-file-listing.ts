import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TickFileHeader } from './tick-file-header';
import { TICK_FILE_EXTENSION } from './tick-file-path';
import { TickFileReader } from './tick-file-reader';
import { messageOf, TickStoreError } from './tick-store-error';

/** A tick file found on disk, with what its header and size say. */
export interface TickFileEntry {
  readonly path: string;
  readonly header: TickFileHeader;
  readonly recordCount: number;
  readonly tornBytes: number;
  readonly byteLength: number;
}

/** The files of one source + symbol, oldest first (by day, then part). */
export interface TickStreamFiles {
  readonly sourceId: number;
  readonly symbolId: number;
  /** From the newest header that names it; '' when no header does. */
  readonly symbol: string;
  readonly files: readonly TickFileEntry[];
}

/** A file under the directory that is not a readable tick file, and why. */
export interface SkippedTickFile {
  readonly path: string;
  readonly reason: string;
}

/** What {@link listTickFiles} found. */
export interface TickFileListing {
  /** Sorted by source id, symbol, day, part. */
  readonly files: readonly TickFileEntry[];
  readonly skipped: readonly SkippedTickFile[];
}

function entryOf(path: string): TickFileEntry {
  const reader = TickFileReader.open(path);
  try {
    return {
      path,
      header: reader.header,
      recordCount: reader.recordCount,
      tornBytes: reader.tornBytes,
      byteLength: reader.byteLength,
    };
  } finally {
    reader.close();
  }
}

function compareEntries(left: TickFileEntry, right: TickFileEntry): number {
  const a = left.header;
  const b = right.header;
  if (a.sourceId !== b.sourceId) return a.sourceId - b.sourceId;
  if (a.symbol !== b.symbol) return a.symbol < b.symbol ? -1 : 1;
  if (a.symbolId !== b.symbolId) return a.symbolId - b.symbolId;
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  return a.part - b.part;
}

/**
 * Every tick file at `path`: the file itself, or every `*.tick` below a directory (a store's root, one source's
 * folder, one symbol's folder). Files whose header cannot be read are listed in `skipped`, never dropped silently.
 *
 * @throws TickStoreError `STORE_IO_FAILED` when `path` does not exist or cannot be listed, and, for a single
 *   file, `STORE_FILE_CORRUPT` when it is not a tick file.
 */
export function listTickFiles(path: string): TickFileListing {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new TickStoreError(
      'STORE_IO_FAILED',
      `cannot read ${path}: ${messageOf(error)}. Give a .tick file or a directory of them.`,
      path,
      error,
    );
  }
  if (!isDirectory) return { files: [entryOf(path)], skipped: [] };
  const files: TickFileEntry[] = [];
  const skipped: SkippedTickFile[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(TICK_FILE_EXTENSION)) continue;
    const filePath = join(entry.parentPath, entry.name);
    try {
      files.push(entryOf(filePath));
    } catch (error) {
      skipped.push({ path: filePath, reason: messageOf(error) });
    }
  }
  files.sort(compareEntries);
  return { files, skipped };
}

/** Groups files into one chain per source + symbol, each oldest first. */
export function groupTickStreams(files: readonly TickFileEntry[]): TickStreamFiles[] {
  const groups = new Map<string, TickFileEntry[]>();
  for (const file of files) {
    const key = `${file.header.sourceId}:${file.header.symbolId}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [file]);
    else group.push(file);
  }
  return [...groups.values()].map((group) => {
    // Creation time before part: an `id-<hex>` file of a day was created before the named one that followed the
    // symbol's registration, and both are part 0.
    group.sort((left, right) => {
      const a = left.header;
      const b = right.header;
      if (a.day !== b.day) return a.day < b.day ? -1 : 1;
      if (a.createdNs !== b.createdNs) return a.createdNs < b.createdNs ? -1 : 1;
      return a.part - b.part;
    });
    let symbol = '';
    for (const file of group) if (file.header.symbol !== '') symbol = file.header.symbol;
    const first = group[0]!;
    return { sourceId: first.header.sourceId, symbolId: first.header.symbolId, symbol, files: group };
  });
}
