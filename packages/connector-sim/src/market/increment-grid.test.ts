import { describe, expect, it } from 'vitest';
import { IncrementGrid } from './increment-grid';

describe('IncrementGrid', () => {
  it('prints decimal prices without binary residue', () => {
    const cents = new IncrementGrid(0.01);
    expect(cents.toValue(19001)).toBe(190.01);
    expect(cents.snap(190.014999)).toBe(190.01);
    expect(cents.toSteps(190.01)).toBe(19001);
    const pips = new IncrementGrid(0.00001);
    expect(pips.toValue(108523)).toBe(1.08523);
  });

  it('handles increments that are not decimal fractions', () => {
    const quarters = new IncrementGrid(0.25);
    expect(quarters.snap(10.3)).toBe(10.25);
    const fives = new IncrementGrid(5);
    expect(fives.snap(12)).toBe(10);
    expect(fives.isOnGrid(15)).toBe(true);
    expect(fives.isOnGrid(16)).toBe(false);
  });

  it('tells prices on the grid from prices off it', () => {
    const cents = new IncrementGrid(0.01);
    expect(cents.isOnGrid(190.01)).toBe(true);
    expect(cents.isOnGrid(0.1 + 0.2)).toBe(true);
    expect(cents.isOnGrid(190.015)).toBe(false);
  });

  it('refuses a non-positive increment and says what it was for', () => {
    expect(() => new IncrementGrid(0, 'priceIncrement of SIM-X')).toThrow(/priceIncrement of SIM-X must be a positive/);
  });
});
