const EMPTY = -1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Recent client order ids, for the duplicate check: a fixed-size open-addressing hash set (linear probing) over a
 * ring of the last `capacity` adds. Each add takes the next ring place, forgetting the id that held it; a deleted id
 * leaves its place empty until the ring comes round. Lookups, adds and deletes allocate nothing: the ring and
 * table are allocated once, and ids are compared by value.
 */
export class ClientOrderIdWindow {
  private readonly ring: Array<string | undefined>;
  private readonly ringHashes: Int32Array;
  private readonly table: Int32Array;
  private readonly mask: number;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new RangeError(`ClientOrderIdWindow: capacity must be a whole number >= 1; got ${capacity}.`);
    }
    this.ring = Array.from({ length: capacity }, () => undefined);
    this.ringHashes = new Int32Array(capacity);
    // At most half full, so probe runs stay short.
    let tableSize = 2;
    while (tableSize < capacity * 2) tableSize *= 2;
    this.table = new Int32Array(tableSize).fill(EMPTY);
    this.mask = tableSize - 1;
  }

  /** Ids currently remembered. */
  get size(): number {
    return this.count;
  }

  /** True when `id` is remembered. */
  has(id: string): boolean {
    return this.slotOf(id, hashOf(id)) !== EMPTY;
  }

  /** Remembers `id` (forgetting the oldest id when full). Adding a remembered id does nothing. */
  add(id: string): void {
    const hash = hashOf(id);
    if (this.slotOf(id, hash) !== EMPTY) return;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.removeAt(this.slotOf(evicted, this.ringHashes[this.next] as number));
    this.ring[this.next] = id;
    this.ringHashes[this.next] = hash;
    let slot = hash & this.mask;
    while (this.table[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    this.table[slot] = this.next;
    this.count++;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Forgets `id`; returns true when it was remembered. */
  delete(id: string): boolean {
    const slot = this.slotOf(id, hashOf(id));
    if (slot === EMPTY) return false;
    this.removeAt(slot);
    return true;
  }

  // The table slot holding `id`, or EMPTY.
  private slotOf(id: string, hash: number): number {
    let slot = hash & this.mask;
    for (;;) {
      const ringIndex = this.table[slot] as number;
      if (ringIndex === EMPTY) return EMPTY;
      if (this.ring[ringIndex] === id) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  // Backward-shift deletion: keeps every remaining id reachable from its home slot without tombstones.
  private removeAt(slot: number): void {
    const ringIndex = this.table[slot] as number;
    this.ring[ringIndex] = undefined;
    this.count--;
    let hole = slot;
    let probe = slot;
    this.table[hole] = EMPTY;
    for (;;) {
      probe = (probe + 1) & this.mask;
      const moving = this.table[probe] as number;
      if (moving === EMPTY) return;
      const home = (this.ringHashes[moving] as number) & this.mask;
      // Move the entry into the hole unless its home lies cyclically in (hole, probe].
      const homeBetween = hole <= probe ? home > hole && home <= probe : home > hole || home <= probe;
      if (homeBetween) continue;
      this.table[hole] = moving;
      this.table[probe] = EMPTY;
      hole = probe;
    }
  }
}

/** FNV-1a over UTF-16 code units: stable, cheap, allocation-free. */
function hashOf(id: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < id.length; index++) hash = Math.imul(hash ^ id.charCodeAt(index), FNV_PRIME);
  return hash | 0;
}
