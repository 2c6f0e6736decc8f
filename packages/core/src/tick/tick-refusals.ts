import { TickFormatError } from './tick-errors';

// Cold paths of the encoder: building a message allocates, so it lives here, out of the per-tick functions.

/** Throws `TICK_INVALID_SYMBOL_ID` for a symbol id that is not a u32. */
export function refuseSymbolId(symbolId: number): never {
  throw new TickFormatError(
    'TICK_INVALID_SYMBOL_ID',
    `symbol_id ${symbolId} is not an integer in 0..4294967295; compute it once per symbol with symbolIdOf(symbol).`,
  );
}

/** Throws `TICK_INVALID_SOURCE` for a source id outside 1..254. */
export function refuseSource(source: number): never {
  throw new TickFormatError(
    'TICK_INVALID_SOURCE',
    `source ${source} is not an integer in 1..254; use a TickSource id or one claimed through the SourceRegistry.`,
  );
}

/** Throws `TICK_INVALID_SEQUENCE` for a sequence that is not a u32. */
export function refuseSequence(sequence: number): never {
  throw new TickFormatError(
    'TICK_INVALID_SEQUENCE',
    `sequence ${sequence} is not an integer in 0..4294967295; advance it with nextTickSequence(), which wraps to 0.`,
  );
}

/** Throws `TICK_INVALID_FLAGS` for a flags value with reserved or out-of-byte bits. */
export function refuseFlags(flags: number, allowedMask: number): never {
  throw new TickFormatError(
    'TICK_INVALID_FLAGS',
    `flags ${flags} (0x${flags.toString(16)}) set bits outside 0x${allowedMask.toString(16)}; bit 7 is reserved and ` +
      'must be zero in format v1. Build flags only from TickFlags.',
  );
}

/** Throws `TICK_INVALID_PRICE` naming the side, the value and the rule it broke. */
export function refusePrice(side: 'bid' | 'ask', price: number, rule: string): never {
  throw new TickFormatError('TICK_INVALID_PRICE', `${side} ${price} cannot be encoded: ${rule}`);
}

/** Throws `TICK_INVALID_VOLUME` for a volume that is not finite, negative, or beyond f32. */
export function refuseVolume(volume: number): never {
  throw new TickFormatError(
    'TICK_INVALID_VOLUME',
    `volume ${volume} cannot be encoded: it must be finite, >= 0 and below 3.4e38 (f32). Use 0 when the venue ` +
      'gives no size.',
  );
}

/** Throws `TICK_INVALID_SPREAD` for a spread_bps that is not a u16. */
export function refuseSpread(spreadBps: number): never {
  throw new TickFormatError(
    'TICK_INVALID_SPREAD',
    `spread_bps ${spreadBps} is not an integer in 0..65535 (tenths of a basis point, saturating); compute it with spreadBpsOf().`,
  );
}
