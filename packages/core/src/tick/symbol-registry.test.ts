import { describe, expect, it } from 'vitest';
import { isTickwireError } from '../errors/index';
import { symbolIdOf } from './symbol-id';
import { SymbolRegistry } from './symbol-registry';
import { SymbolIdCollisionError } from './tick-errors';

// Real FNV-1a 32 collisions (each pair is checked below, not assumed).
const collidingPairs = [
  ['costarring', 'liquid'],
  ['declinate', 'macallums'],
  ['altarage', 'zinke'],
] as const;

describe('SymbolRegistry', () => {
  it('maps ids back to the symbols registered', () => {
    const registry = new SymbolRegistry();
    const aapl = registry.register('AAPL');
    const btc = registry.register('BTC-USD');
    expect(aapl).toBe(symbolIdOf('AAPL'));
    expect(registry.symbolOf(aapl)).toBe('AAPL');
    expect(registry.symbolOf(btc)).toBe('BTC-USD');
    expect(registry.symbolOf(symbolIdOf('MSFT'))).toBeUndefined();
    expect(registry.has(btc)).toBe(true);
    expect(registry.size).toBe(2);
    expect([...registry.entries()]).toEqual([
      [aapl, 'AAPL'],
      [btc, 'BTC-USD'],
    ]);
  });

  it('accepts the same symbol twice', () => {
    const registry = new SymbolRegistry();
    expect(registry.register('EUR/USD')).toBe(registry.register('EUR/USD'));
    expect(registry.size).toBe(1);
  });

  it('refuses a second symbol with the same id, loudly, and keeps the first', () => {
    for (const [first, second] of collidingPairs) {
      expect(symbolIdOf(first)).toBe(symbolIdOf(second));
      const registry = new SymbolRegistry();
      registry.register(first);
      let caught: unknown;
      try {
        registry.register(second);
      } catch (error) {
        caught = error;
      }
      expect(SymbolIdCollisionError.isInstance(caught)).toBe(true);
      expect(isTickwireError(caught, 'SYMBOL_ID_COLLISION')).toBe(true);
      const collision = caught as SymbolIdCollisionError;
      expect(collision.registeredSymbol).toBe(first);
      expect(collision.refusedSymbol).toBe(second);
      expect(collision.message).toContain(`"${first}"`);
      expect(collision.message).toContain(`"${second}"`);
      expect(collision.message).toContain(String(symbolIdOf(first)));
      expect(registry.symbolOf(symbolIdOf(first))).toBe(first);
    }
  });
});
