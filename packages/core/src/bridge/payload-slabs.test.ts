import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PayloadSlabs } from './payload-slabs';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Runs the garbage collector and lets FinalizationRegistry callbacks run. */
async function collect(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function fill(slabs: PayloadSlabs, bytes: number, value: number): Buffer {
  const words = slabs.carve(bytes);
  words.fill(value);
  return slabs.seal(words, bytes);
}

describe('PayloadSlabs', () => {
  it('reuses a slab only after every payload carved from it was collected', async () => {
    const slabs = new PayloadSlabs(1024);
    let held: Buffer[] = [fill(slabs, 512, 1), fill(slabs, 512, 2)];
    fill(slabs, 512, 3); // retires the first slab while its payloads are still held
    await collect();
    fill(slabs, 512, 4);
    fill(slabs, 512, 5); // retires the second slab: nothing free yet, so a third is allocated
    expect(slabs).toMatchObject({ allocated: 3, recycled: 0 });
    expect(held.map((payload) => payload[0])).toEqual([1, 2]);
    held = [];
    await collect();
    fill(slabs, 512, 6);
    fill(slabs, 512, 7); // the third slab is full: the next region comes from a recycled one
    expect(slabs).toMatchObject({ allocated: 3, recycled: 1 });
  });

  it('never overwrites a payload someone still holds, however many slabs cycle', async () => {
    const slabs = new PayloadSlabs(4096, 4);
    const kept = fill(slabs, 1024, 0x5a5a5a5a);
    const copy = Buffer.from(kept);
    for (let round = 0; round < 50; round++) {
      for (let index = 0; index < 8; index++) fill(slabs, 1024, round * 8 + index);
      if (round % 10 === 0) await collect();
    }
    expect(slabs.recycled).toBeGreaterThan(0);
    expect(kept.equals(copy)).toBe(true);
  });

  it('gives back the unused tail of the last region, and serves regions larger than a slab', () => {
    const slabs = new PayloadSlabs(1024);
    const words = slabs.carve(512);
    const partial = slabs.seal(words, 100);
    const next = slabs.carve(256);
    expect(next.byteOffset).toBe(104);
    expect(partial.byteLength).toBe(100);
    const big = slabs.carve(4096);
    expect(big.byteLength).toBe(4096);
    expect(slabs.seal(big, 4096).byteLength).toBe(4096);
  });
});
