import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { symbolIdOf } from './symbol-id';
import { TickFormatError } from './tick-errors';

/** A second, independent FNV-1a: through TextEncoder's UTF-8 and BigInt arithmetic. */
function referenceFnv1a(text: string): number {
  let hash = 0x811c9dc5n;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * 0x01000193n) & 0xffff_ffffn;
  return Number(hash);
}

const doc = readFileSync(new URL('../../../../docs/tick-format.md', import.meta.url), 'utf8');

describe('symbolIdOf', () => {
  it('matches the FNV authors\u2019 published FNV-1a 32 vectors', () => {
    expect(symbolIdOf('a')).toBe(0xe40c292c);
    expect(symbolIdOf('foobar')).toBe(0xbf9cf968);
  });

  it('matches every test vector in docs/tick-format.md', () => {
    const section = doc.slice(doc.indexOf('## symbol_id'), doc.indexOf('## Source ids'));
    const rows = [...section.matchAll(/^\| `([^`]+)`\s*\| (\d+)\s*\| `0x([0-9a-f]{8})`\s*\|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const [, symbol, decimal, hex] of rows) {
      expect(symbolIdOf(symbol!), symbol).toBe(Number(decimal));
      expect(symbolIdOf(symbol!), symbol).toBe(Number.parseInt(hex!, 16));
    }
  });

  it('hashes UTF-8 bytes of 1- to 4-byte code points like TextEncoder', () => {
    const samples = ['AAPL', 'BTC-USD', 'é', 'ß/€', '日経225', '\u{1F4C8}', 'a\u{10FFFF}z', '\u0080\u07ff\u0800\uffff'];
    for (const sample of samples) expect(symbolIdOf(sample), sample).toBe(referenceFnv1a(sample));
  });

  it('returns an unsigned 32-bit integer for many strings', () => {
    let seed = 7;
    for (let count = 0; count < 2000; count++) {
      let text = '';
      const length = 1 + (count % 12);
      for (let index = 0; index < length; index++) {
        seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
        text += String.fromCharCode(32 + (seed % 0x3000));
      }
      const id = symbolIdOf(text);
      expect(id >>> 0).toBe(id);
      expect(id).toBe(referenceFnv1a(text));
    }
  });

  it('is case- and spelling-sensitive', () => {
    expect(symbolIdOf('BTC-USD')).not.toBe(symbolIdOf('BTC/USD'));
    expect(symbolIdOf('aapl')).not.toBe(symbolIdOf('AAPL'));
  });

  it('refuses the empty string and lone surrogates, naming the problem', () => {
    expect(() => symbolIdOf('')).toThrow(TickFormatError);
    for (const broken of ['AB\ud800', '\udc00X', 'A\ud83dB']) {
      try {
        symbolIdOf(broken);
        expect.unreachable();
      } catch (error) {
        expect(TickFormatError.isInstance(error)).toBe(true);
        expect((error as TickFormatError).problem).toBe('TICK_INVALID_SYMBOL');
        expect((error as Error).message).toMatch(/lone UTF-16 surrogate at index/);
      }
    }
  });
});
