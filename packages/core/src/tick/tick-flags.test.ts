import { describe, expect, it } from 'vitest';
import { describeTickFlags, TICK_FLAGS_DEFINED_MASK, TICK_FLAGS_RESERVED_MASK, TickFlags } from './tick-flags';

describe('TickFlags', () => {
  it('gives each flag its own bit, leaving bit 7 reserved', () => {
    const values = Object.values(TickFlags);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(value & (value - 1)).toBe(0);
    expect(values.reduce((all, value) => all | value, 0)).toBe(TICK_FLAGS_DEFINED_MASK);
    expect(TICK_FLAGS_DEFINED_MASK & TICK_FLAGS_RESERVED_MASK).toBe(0);
    expect(TICK_FLAGS_DEFINED_MASK | TICK_FLAGS_RESERVED_MASK).toBe(0xff);
  });

  it('describes a flags byte for logs', () => {
    expect(describeTickFlags(0)).toBe('-');
    expect(describeTickFlags(TickFlags.TRADE | TickFlags.SNAPSHOT)).toBe('TRADE|SNAPSHOT');
    expect(describeTickFlags(0x80 | TickFlags.ASK_MISSING)).toBe('ASK_MISSING|RESERVED(0x80)');
  });
});
