import { join } from 'node:path';

/** The extension of tick files. */
export const TICK_FILE_EXTENSION = '.tick';

const safeByte = /^[A-Za-z0-9._-]$/;
const textEncoder = new TextEncoder();

/**
 * Turns a symbol into a file-name component that is safe on every file system and reversible: letters, digits,
 * `.`, `_` and `-` stay, every other UTF-8 byte becomes `%XX` (so `EUR/USD` -> `EUR%2FUSD`, and `EUR_USD` stays
 * distinct). A leading `.` is escaped too, so no symbol can name `.`, `..` or a hidden file.
 */
export function symbolToFileName(symbol: string): string {
  let name = '';
  for (const byte of textEncoder.encode(symbol)) {
    const character = String.fromCharCode(byte);
    const keep = byte < 0x80 && safeByte.test(character) && !(name === '' && character === '.');
    name += keep ? character : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return name === '' ? '%' : name;
}

/** Reverses {@link symbolToFileName}. */
export function fileNameToSymbol(name: string): string {
  return name === '%' ? '' : decodeURIComponent(name);
}

/** The directory name of ticks whose symbol the store never learned: `id-` and the symbol id in 8 hex digits. */
export function unknownSymbolFileName(symbolId: number): string {
  return `id-${(symbolId >>> 0).toString(16).padStart(8, '0')}`;
}

/** The directory name of a source: its name when known, else `source-<id>`. */
export function sourceToFileName(sourceId: number, sourceName: string): string {
  return sourceName === '' ? `source-${sourceId}` : symbolToFileName(sourceName);
}

/** The UTC day (`YYYY-MM-DD`) containing a timestamp given in ms since the epoch. */
export function utcDayOfMilliseconds(epochMilliseconds: number): string {
  return new Date(epochMilliseconds).toISOString().slice(0, 10);
}

/** `<day>.tick` for part 0, `<day>.<part>.tick` after size rotation. */
export function tickFileName(day: string, part: number): string {
  return part === 0 ? `${day}${TICK_FILE_EXTENSION}` : `${day}.${part}${TICK_FILE_EXTENSION}`;
}

/** The day and part of a tick file name, or undefined when the name is not one the store writes. */
export function parseTickFileName(name: string): { day: string; part: number } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.tick$/.exec(name);
  if (match === null) return undefined;
  return { day: match[1]!, part: match[2] === undefined ? 0 : Number(match[2]) };
}

/** `<directory>/<source>/<symbol>`: the folder holding one source's files for one symbol. */
export function streamDirectory(directory: string, sourceFileName: string, symbolFileName: string): string {
  return join(directory, sourceFileName, symbolFileName);
}
