import { describe, expect, it } from 'vitest';
import { isTickwireError } from '../errors/index';
import { SourceRegistry } from './source-registry';
import { SourceIdConflictError, TickFormatError } from './tick-errors';
import { TickSource } from './tick-source';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('SourceRegistry', () => {
  it('starts with the built-in ids of the original plan and tickwire', () => {
    const registry = new SourceRegistry();
    expect(TickSource).toEqual({ TRUEFX: 1, OANDA: 2, IB: 3, ALPACA: 4, TRADIER: 5, COINBASE: 6, SIM: 7 });
    expect(registry.list().map((claim) => [claim.id, claim.name])).toEqual([
      [1, 'truefx'],
      [2, 'oanda'],
      [3, 'ib'],
      [4, 'alpaca'],
      [5, 'tradier'],
      [6, 'coinbase'],
      [7, 'sim'],
    ]);
    expect(registry.get(TickSource.SIM)?.owner).toBe('@tickwire/connector-sim');
    expect(registry.nameOf(200)).toBe('unknown(200)');
  });

  it('lets a third-party plugin claim an unused id, and the same claim again', () => {
    const registry = new SourceRegistry();
    const claim = { id: 130, owner: '@acme/connector-foo', name: 'foo' };
    expect(registry.claim(claim)).toEqual(claim);
    expect(registry.claim({ ...claim })).toEqual(claim);
    expect(registry.nameOf(130)).toBe('foo');
    expect(registry.nextFreeThirdPartyId()).toBe(128);
    registry.claim({ id: 128, owner: '@acme/connector-foo', name: 'foo-depth' });
    registry.claim({ id: 129, owner: '@other/feed', name: 'bar' });
    expect(registry.nextFreeThirdPartyId()).toBe(131);
  });

  it('refuses a conflicting claim with an error naming both claimants', () => {
    const registry = new SourceRegistry();
    registry.claim({ id: 200, owner: '@acme/connector-foo', name: 'foo' });
    const conflict = thrownBy(() => registry.claim({ id: 200, owner: '@zeta/connector-bar', name: 'bar' }));
    expect(SourceIdConflictError.isInstance(conflict)).toBe(true);
    expect(isTickwireError(conflict, 'SOURCE_ID_CONFLICT')).toBe(true);
    const message = (conflict as Error).message;
    expect(message).toContain('@acme/connector-foo');
    expect(message).toContain('@zeta/connector-bar');
    expect(message).toContain('200');
    expect((conflict as SourceIdConflictError).holder).toBe('@acme/connector-foo');
    expect((conflict as SourceIdConflictError).claimant).toBe('@zeta/connector-bar');
    expect(registry.get(200)?.owner).toBe('@acme/connector-foo');
    // The same owner under another name is a conflict too: one id, one meaning.
    expect(
      SourceIdConflictError.isInstance(
        thrownBy(() => registry.claim({ id: 200, owner: '@acme/connector-foo', name: 'baz' })),
      ),
    ).toBe(true);
  });

  it('refuses a third party taking a built-in id, naming the holder', () => {
    const registry = new SourceRegistry();
    const conflict = thrownBy(() =>
      registry.claim({ id: TickSource.ALPACA, owner: '@acme/alpaca-fork', name: 'alpaca' }),
    );
    expect(SourceIdConflictError.isInstance(conflict)).toBe(true);
    expect((conflict as Error).message).toContain('@tickwire/connector-alpaca');
    expect((conflict as Error).message).toContain('@acme/alpaca-fork');
    // The owner itself re-claiming its id is fine (the host loads the plugin and it claims what it has).
    expect(registry.claim({ id: 4, owner: '@tickwire/connector-alpaca', name: 'alpaca' }).id).toBe(4);
  });

  it('keeps 8..127 for tickwire and refuses ids outside 1..254', () => {
    const registry = new SourceRegistry();
    const reserved = thrownBy(() => registry.claim({ id: 42, owner: '@acme/connector-foo', name: 'foo' }));
    expect(TickFormatError.isInstance(reserved)).toBe(true);
    expect((reserved as Error).message).toMatch(/128\.\.254.*lowest free one is 128/);
    expect(registry.claim({ id: 8, owner: '@tickwire/connector-kraken', name: 'kraken' }).id).toBe(8);
    for (const id of [0, 255, 256, -1, 1.5, Number.NaN]) {
      const error = thrownBy(() => registry.claim({ id, owner: '@acme/x', name: 'x' }));
      expect((error as TickFormatError).problem, String(id)).toBe('TICK_INVALID_SOURCE');
    }
    expect((thrownBy(() => registry.claim({ id: 140, owner: ' ', name: 'x' })) as TickFormatError).problem).toBe(
      'TICK_INVALID_SOURCE',
    );
  });

  it('reports when the third-party range is full', () => {
    const registry = new SourceRegistry();
    for (let id = 128; id <= 254; id++) registry.claim({ id, owner: `@p/${id}`, name: `s${id}` });
    expect(registry.nextFreeThirdPartyId()).toBeUndefined();
  });
});
