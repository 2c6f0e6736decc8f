import { describe, expect, it } from 'vitest';
import { RingError } from './ring-error';
import { HeaderWord, RING_HEADER_BYTES, RING_LAYOUT_VERSION, RING_MAX_CAPACITY, RING_SLOT_BYTES } from './ring-layout';
import { SpscRing } from './spsc-ring';

function errorOf(action: () => unknown): RingError {
  try {
    action();
  } catch (error) {
    if (RingError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a RingError, but nothing was thrown');
}

function headerOf(buffer: SharedArrayBuffer): Int32Array {
  return new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
}

describe('ring capacity', () => {
  it.each([2, 4, 1024, RING_MAX_CAPACITY])('accepts the power of two %d', (capacity) => {
    const ring = SpscRing.create({ capacity });
    expect(ring.capacity).toBe(capacity);
    expect(ring.buffer.byteLength).toBe(RING_HEADER_BYTES + capacity * RING_SLOT_BYTES);
    expect(SpscRing.byteLengthFor(capacity)).toBe(ring.buffer.byteLength);
  });

  it.each([
    [0, '2'],
    [1, '2'],
    [3, '4'],
    [1000, '1024'],
    [1.5, '2'],
    [-8, '2'],
    [Number.NaN, '2'],
    [RING_MAX_CAPACITY * 2, String(RING_MAX_CAPACITY)],
  ])('refuses %d, naming it and suggesting %s', (capacity, suggestion) => {
    const error = errorOf(() => SpscRing.create({ capacity }));
    expect(error.code).toBe('RING_INVALID_CAPACITY');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`ring capacity ${String(capacity)} is not a power of two`);
    expect(error.message).toContain(`Use ${suggestion} instead`);
  });
});

describe('ring options', () => {
  it('refuses an unknown overflow policy', () => {
    const error = errorOf(() => SpscRing.create({ capacity: 8, overflow: 'drop-oldest' as never }));
    expect(error.code).toBe('RING_INVALID_OPTION');
    expect(error.message).toContain('"drop-oldest"');
  });

  it.each([-1, 1.5, Number.POSITIVE_INFINITY, 2 ** 30])('refuses waitTimeoutMs %d', (waitTimeoutMs) => {
    const error = errorOf(() => SpscRing.create({ capacity: 8, waitTimeoutMs }));
    expect(error.code).toBe('RING_INVALID_OPTION');
    expect(error.message).toContain(`waitTimeoutMs ${String(waitTimeoutMs)}`);
  });

  it("defaults to 'wait' with a 1000 ms timeout", () => {
    const ring = SpscRing.create({ capacity: 8 });
    expect(ring.overflow).toBe('wait');
    expect(ring.waitTimeoutMs).toBe(1000);
  });
});

describe('SpscRing.attach', () => {
  it('reads back the configuration and shares the slots and counters', () => {
    const created = SpscRing.create({ capacity: 16, overflow: 'drop-newest', waitTimeoutMs: 25 });
    const attached = SpscRing.attach(created.buffer);
    expect(attached.capacity).toBe(16);
    expect(attached.overflow).toBe('drop-newest');
    expect(attached.waitTimeoutMs).toBe(25);

    const offset = created.claim();
    created.view.setUint32(offset, 0xdeadbeef, true);
    created.commit();
    const seen: number[] = [];
    expect(attached.poll((view, byteOffset) => seen.push(view.getUint32(byteOffset, true)))).toBe(1);
    expect(seen).toEqual([0xdeadbeef]);
    expect(created.stats()).toMatchObject({ published: 1, consumed: 1 });
  });

  it('refuses an ArrayBuffer: the other thread would not see the same memory', () => {
    const error = errorOf(() => SpscRing.attach(new ArrayBuffer(1024) as unknown as SharedArrayBuffer));
    expect(error.code).toBe('RING_FOREIGN_BUFFER');
    expect(error.message).toContain('cannot attach to an ArrayBuffer');
  });

  it('refuses something that is not a buffer at all', () => {
    const error = errorOf(() => SpscRing.attach({ byteLength: 4096 } as unknown as SharedArrayBuffer));
    expect(error.code).toBe('RING_FOREIGN_BUFFER');
    expect(error.message).toContain('cannot attach to object');
  });

  it('refuses a buffer shorter than the header', () => {
    const error = errorOf(() => SpscRing.attach(new SharedArrayBuffer(64)));
    expect(error.code).toBe('RING_FOREIGN_BUFFER');
    expect(error.message).toContain('64-byte buffer');
  });

  it('refuses a buffer without the ring magic', () => {
    const foreign = new SharedArrayBuffer(SpscRing.byteLengthFor(8));
    new Int32Array(foreign)[0] = 0x12345678;
    const error = errorOf(() => SpscRing.attach(foreign));
    expect(error.code).toBe('RING_FOREIGN_BUFFER');
    expect(error.message).toContain('0x12345678');
  });

  it('refuses another layout version', () => {
    const ring = SpscRing.create({ capacity: 8 });
    headerOf(ring.buffer)[HeaderWord.layoutVersion] = RING_LAYOUT_VERSION + 1;
    const error = errorOf(() => SpscRing.attach(ring.buffer));
    expect(error.code).toBe('RING_LAYOUT_MISMATCH');
    expect(error.message).toContain(`layout version ${RING_LAYOUT_VERSION + 1}`);
  });

  it('refuses another slot size', () => {
    const ring = SpscRing.create({ capacity: 8 });
    headerOf(ring.buffer)[HeaderWord.slotBytes] = 64;
    expect(errorOf(() => SpscRing.attach(ring.buffer)).code).toBe('RING_LAYOUT_MISMATCH');
  });

  it('refuses a header whose capacity does not match the buffer length', () => {
    const ring = SpscRing.create({ capacity: 8 });
    headerOf(ring.buffer)[HeaderWord.capacity] = 16;
    const error = errorOf(() => SpscRing.attach(ring.buffer));
    expect(error.code).toBe('RING_FOREIGN_BUFFER');
    expect(error.message).toContain(`a ring of 16 slots takes exactly ${SpscRing.byteLengthFor(16)} bytes`);
  });

  it('refuses a header with an impossible capacity', () => {
    const ring = SpscRing.create({ capacity: 8 });
    headerOf(ring.buffer)[HeaderWord.capacity] = 7;
    expect(errorOf(() => SpscRing.attach(ring.buffer)).message).toContain('capacity of 7 slots');
  });

  it('refuses an unknown overflow policy code', () => {
    const ring = SpscRing.create({ capacity: 8 });
    headerOf(ring.buffer)[HeaderWord.overflowPolicy] = 9;
    expect(errorOf(() => SpscRing.attach(ring.buffer)).message).toContain('overflow policy code 9');
  });

  it('recognises its errors by marker, as a second copy of the core would', () => {
    const error = errorOf(() => SpscRing.create({ capacity: 3 }));
    expect(RingError.isInstance(error)).toBe(true);
    expect(RingError.isInstance(new Error('other'))).toBe(false);
    expect(RingError.isInstance({ code: 'RING_INVALID_CAPACITY' })).toBe(false);
  });
});
