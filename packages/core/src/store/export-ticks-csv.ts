import { once } from 'node:events';
import { PriceGrid } from '../tick/price-precision';
import { describeTickFlags } from '../tick/tick-flags';
import { formatTimestampWords } from './format-timestamp';
import type { TickScanProgress } from './inspect-ticks';
import { type ReadTicksOptions, readTickBatches, selectTickStreams } from './read-tick-batches';
import { streamKey } from './store-symbol-catalog';

const PROGRESS_INTERVAL_MS = 100;

/** The CSV header row {@link exportTicksCsv} writes. */
export const TICK_CSV_COLUMNS = [
  'timestamp_ns',
  'time',
  'source',
  'symbol',
  'bid',
  'ask',
  'volume',
  'flags',
  'flag_names',
  'spread_bps',
  'sequence',
] as const;

/** Where CSV text goes: a Node.js writable stream (a file stream, `process.stdout`...). */
export interface CsvWritable {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** How a stream's prices are printed. */
interface PriceFormat {
  readonly grid: PriceGrid | undefined;
  readonly decimals: number;
}

const f32 = new Float32Array(1);

/** The shortest decimal that reads back as the same f32: `1.0845`, not `1.0844999551773071`. */
function shortestF32(value: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const text = value.toPrecision(digits);
    f32[0] = Number(text);
    if (f32[0] === value) return String(Number(text));
  }
  return String(value);
}

function formatPrice(value: number, format: PriceFormat | undefined): string {
  if (Number.isNaN(value)) return '';
  if (format?.grid !== undefined && format.decimals >= 0) return format.grid.recover(value).toFixed(format.decimals);
  return shortestF32(value);
}

/**
 * Writes the ticks of a file or directory as CSV (header row first; see {@link TICK_CSV_COLUMNS}), merged in time
 * order unless `order: 'file'`. Prices are the exact grid prices when the file header has a price increment
 * (`1.08451`), else the shortest decimal of the stored f32; a missing side is an empty field. Respects
 * backpressure; does not end the stream. Resolves with the number of rows written (without the header).
 */
export async function exportTicksCsv(
  path: string,
  writable: CsvWritable,
  options: ReadTicksOptions & { onProgress?: (progress: TickScanProgress) => void } = {},
): Promise<number> {
  const streams = selectTickStreams(path, options);
  const formats = new Map<number, PriceFormat>();
  const symbols = new Map<number, string>();
  const totalRecords = streams.reduce(
    (sum, stream) => sum + stream.files.reduce((fileSum, file) => fileSum + file.recordCount, 0),
    0,
  );
  for (const stream of streams) {
    const key = streamKey(stream.sourceId, stream.symbolId);
    const increment = stream.files.at(-1)?.header.priceIncrement ?? 0;
    const grid = increment > 0 ? new PriceGrid(increment) : undefined;
    formats.set(key, { grid, decimals: grid?.decimals ?? -1 });
    symbols.set(key, stream.symbol === '' ? `id-${stream.symbolId.toString(16).padStart(8, '0')}` : stream.symbol);
  }
  const write = async (text: string): Promise<void> => {
    if (!writable.write(text)) await once(writable as unknown as NodeJS.EventEmitter, 'drain');
  };
  await write(`${TICK_CSV_COLUMNS.join(',')}\n`);
  let rows = 0;
  let lastProgressAt = performance.now();
  for (const batch of readTickBatches(path, options)) {
    const words = batch.words;
    const view = batch.view;
    let text = '';
    for (let index = 0; index < batch.count; index++) {
      const base = index * 8;
      const high = words[base + 1]!;
      const low = words[base]!;
      const packed = words[base + 6]!;
      const source = packed & 0xff;
      const flags = (packed >>> 8) & 0xff;
      const key = streamKey(source, words[base + 2]!);
      const format = formats.get(key);
      const symbol = symbols.get(key) ?? '';
      const timestamp = ((BigInt(high) << 32n) | BigInt(low)).toString();
      text +=
        `${timestamp},${formatTimestampWords(high, low)},${source},${csvField(symbol)},` +
        `${formatPrice(view.getFloat32(index * 32 + 12, true), format)},${formatPrice(view.getFloat32(index * 32 + 16, true), format)},` +
        `${shortestF32(view.getFloat32(index * 32 + 20, true))},${flags},${describeTickFlags(flags)},${packed >>> 16},${words[base + 7]!}\n`;
    }
    rows += batch.count;
    await write(text);
    const now = performance.now();
    if (options.onProgress !== undefined && now - lastProgressAt >= PROGRESS_INTERVAL_MS) {
      lastProgressAt = now;
      options.onProgress({ records: rows, totalRecords, path: batch.file?.path ?? path });
    }
  }
  options.onProgress?.({ records: rows, totalRecords, path });
  return rows;
}

/** Quotes a CSV field when it holds a comma, quote or line break. */
function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
