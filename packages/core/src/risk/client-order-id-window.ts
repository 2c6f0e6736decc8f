const EMPTY = -1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Recent client order ids, for the duplicate check: a fixed-size open-addressing hash set (linear probing) over a
 * ring of the last `capacity` adds. Each add takes the next ring place, forgetting the id that held it; a deleted id
 * leaves its place empty until the ring comes round. Lookups, adds and deletes allocate nothing: the ring and
 * table are allocated once, and ids are compared by value.
 *
 * Each table slot holds the ring index and the id's hash side by side (one cache line per probe); a probe compares
 * hashes and touches the string only on a match, so looking up a new id (the common case) never leaves the table.
 */
export class ClientOrderIdWindow {
  private readonly ring: Array<string | undefined>;
  private readonly ringHashes: Int32Array;
  /** Pairs of [ring index or EMPTY, hash]. */
  private readonly table: Int32Array;
  private readonly mask: number;
  private next = 0;
  private count = 0;
  // has() and then add() of the same id (the gate's allow path) hash it once.
  private memoId: string | undefined = undefined;
  private memoHash = 0;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new RangeError(`ClientOrderIdWindow: capacity must be a whole number >= 1; got ${capacity}.`);
    }
    this.ring = Array.from({ length: capacity }, () => undefined);
    this.ringHashes = new Int32Array(capacity);
    // At most half full, so probe runs stay short.
    let slots = 2;
    while (slots < capacity * 2) slots *= 2;
    this.table = new Int32Array(slots * 2).fill(EMPTY);
    this.mask = slots - 1;
  }

  /** Ids currently remembered. */
  get size(): number {
    return this.count;
  }

  /** True when `id` is remembered. */
  has(id: string): boolean {
    return this.slotOf(id, this.hashOf(id)) !== EMPTY;
  }

  /** Remembers `id` (forgetting the id in the ring place it takes). Adding a remembered id does nothing. */
  add(id: string): void {
    const hash = this.hashOf(id);
    if (this.slotOf(id, hash) !== EMPTY) return;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.removeAt(this.slotOf(evicted, this.ringHashes[this.next] as number));
    this.ring[this.next] = id;
    this.ringHashes[this.next] = hash;
    let slot = hash & this.mask;
    while (this.table[slot * 2] !== EMPTY) slot = (slot + 1) & this.mask;
    this.table[slot * 2] = this.next;
    this.table[slot * 2 + 1] = hash;
    this.count++;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Forgets `id`; returns true when it was remembered. */
  delete(id: string): boolean {
    const slot = this.slotOf(id, this.hashOf(id));
    if (slot === EMPTY) return false;
    this.removeAt(slot);
    return true;
  }

  // The table slot holding `id`, or EMPTY.
  private slotOf(id: string, hash: number): number {
    const table = this.table;
    let slot = hash & this.mask;
    for (;;) {
      const ringIndex = table[slot * 2] as number;
      if (ringIndex === EMPTY) return EMPTY;
      if (table[slot * 2 + 1] === hash && this.ring[ringIndex] === id) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  // Backward-shift deletion: keeps every remaining id reachable from its home slot without tombstones.
  private removeAt(slot: number): void {
    const table = this.table;
    this.ring[table[slot * 2] as number] = undefined;
    this.count--;
    let hole = slot;
    let probe = slot;
    table[hole * 2] = EMPTY;
    for (;;) {
      probe = (probe + 1) & this.mask;
      const moving = table[probe * 2] as number;
      if (moving === EMPTY) return;
      const movingHash = table[probe * 2 + 1] as number;
      const home = movingHash & this.mask;
      // Move the entry into the hole unless its home lies cyclically in (hole, probe].
      const homeBetween = hole <= probe ? home > hole && home <= probe : home > hole || home <= probe;
      if (homeBetween) continue;
      table[hole * 2] = moving;
      table[hole * 2 + 1] = movingHash;
      table[probe * 2] = EMPTY;
      hole = probe;
    }
  }

  private hashOf(id: string): number {
    if (id === this.memoId) return this.memoHash;
    const hash = hashString(id);
    this.memoId = id;
    this.memoHash = hash;
    return hash;
  }
}

/** FNV-1a over UTF-16 code units with a murmur3 finalizer (ids often differ only in their last digits). */
function hashString(id: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < id.length; index++) hash = Math.imul(hash ^ id.charCodeAt(index), FNV_PRIME);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}
