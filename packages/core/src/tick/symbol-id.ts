import { TickFormatError } from './tick-errors';

const fnvOffsetBasis = 0x811c9dc5;
const fnvPrime = 0x01000193;

function mix(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, fnvPrime);
}

/**
 * The `symbol_id` of a canonical symbol: FNV-1a 32 over the symbol's UTF-8 bytes, as an unsigned integer. Any
 * language computes the same id from the same string (test vectors in docs/tick-format.md). Ids are case- and
 * spelling-sensitive: `BTC-USD` and `BTC/USD` differ, so connectors must map venue names to the canonical form first.
 *
 * Encodes UTF-8 on the fly, so it allocates nothing; still, connectors compute it once per subscription, not per tick.
 *
 * @throws TickFormatError (`TICK_INVALID_SYMBOL`) for an empty string or one holding a lone UTF-16 surrogate,
 *   which has no UTF-8 form.
 */
export function symbolIdOf(symbol: string): number {
  if (symbol.length === 0) {
    throw new TickFormatError('TICK_INVALID_SYMBOL', 'a symbol_id needs a non-empty canonical symbol; got "".');
  }
  let hash = fnvOffsetBasis;
  for (let index = 0; index < symbol.length; index++) {
    let codePoint = symbol.charCodeAt(index);
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      const next = index + 1 < symbol.length ? symbol.charCodeAt(index + 1) : 0;
      if (codePoint > 0xdbff || next < 0xdc00 || next > 0xdfff) {
        throw new TickFormatError(
          'TICK_INVALID_SYMBOL',
          `symbol ${JSON.stringify(symbol)} holds a lone UTF-16 surrogate at index ${index}, which has no UTF-8 ` +
            'form; canonical symbols must be well-formed Unicode.',
        );
      }
      codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (next - 0xdc00);
      index++;
    }
    if (codePoint < 0x80) {
      hash = mix(hash, codePoint);
    } else if (codePoint < 0x800) {
      hash = mix(hash, 0xc0 | (codePoint >> 6));
      hash = mix(hash, 0x80 | (codePoint & 0x3f));
    } else if (codePoint < 0x10000) {
      hash = mix(hash, 0xe0 | (codePoint >> 12));
      hash = mix(hash, 0x80 | ((codePoint >> 6) & 0x3f));
      hash = mix(hash, 0x80 | (codePoint & 0x3f));
    } else {
      hash = mix(hash, 0xf0 | (codePoint >> 18));
      hash = mix(hash, 0x80 | ((codePoint >> 12) & 0x3f));
      hash = mix(hash, 0x80 | ((codePoint >> 6) & 0x3f));
      hash = mix(hash, 0x80 | (codePoint & 0x3f));
    }
  }
  return hash >>> 0;
}
