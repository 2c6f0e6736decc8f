import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../oms/__fixtures__/seeded-random';
import { ClientOrderIdWindow } from './client-order-id-window';
import { SlidingWindowRate } from './sliding-window-rate';

describe('SlidingWindowRate', () => {
  it('allows at most maxEvents in any window, matching a brute-force count (seeded)', () => {
    const random = new SeededRandom(42);
    const rate = new SlidingWindowRate(5, 100);
    const accepted: number[] = [];
    let now = 0;
    for (let step = 0; step < 5_000; step++) {
      now += random.int(0, 30);
      const inWindow = accepted.filter((time) => now - time < 100).length;
      expect(rate.wouldAllow(now)).toBe(inWindow < 5);
      if (rate.wouldAllow(now)) {
        rate.record(now);
        accepted.push(now);
      }
      expect(rate.countWithin(now)).toBe(accepted.filter((time) => now - time < 100).length);
    }
  });

  it('treats Infinity as no limit and refuses nonsense', () => {
    const rate = new SlidingWindowRate(Number.POSITIVE_INFINITY, 1_000);
    for (let index = 0; index < 100; index++) rate.record(0);
    expect(rate.wouldAllow(0)).toBe(true);
    expect(() => new SlidingWindowRate(0, 1_000)).toThrow(/maxEvents must be between 1/);
  });
});

describe('ClientOrderIdWindow', () => {
  it('remembers the ids of its last `capacity` adds, like a ring of ids (seeded)', () => {
    for (const capacity of [1, 3, 16, 100]) {
      const random = new SeededRandom(capacity);
      const window = new ClientOrderIdWindow(capacity);
      // The model: the last `capacity` add positions; a delete empties its position until the ring comes round.
      const positions: Array<string | undefined> = [];
      for (let step = 0; step < 5_000; step++) {
        const id = `id-${random.int(0, capacity * 3)}`;
        if (random.chance(0.7)) {
          window.add(id);
          if (!positions.includes(id)) {
            positions.push(id);
            if (positions.length > capacity) positions.shift();
          }
        } else {
          const index = positions.indexOf(id);
          expect(window.delete(id)).toBe(index >= 0);
          if (index >= 0) positions[index] = undefined;
        }
        expect(window.size).toBe(positions.filter((entry) => entry !== undefined).length);
        const probe = `id-${random.int(0, capacity * 3)}`;
        expect(window.has(probe), `capacity ${capacity} step ${step} ${probe}`).toBe(positions.includes(probe));
      }
    }
  });
});
