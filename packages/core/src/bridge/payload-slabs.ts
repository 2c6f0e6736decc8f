/** One slab: memory carved into payload regions front to back. */
interface Slab {
  readonly buffer: ArrayBuffer;
  offset: number;
  /** Regions carved from this slab whose payload may still be read by someone (the socket, a test). */
  live: number;
  /** No more regions are carved from it; once `live` reaches 0 it may be reused. */
  retired: boolean;
}

/**
 * Memory for tick batch payloads, carved from large slabs and recycled only when provably unused.
 *
 * zeromq.js sends buffers above 128 bytes without copying and holds a reference to the buffer object until libzmq
 * has written the message out. So a region may be written again only once its payload object was garbage
 * collected: a FinalizationRegistry reports exactly that. Until it does, new slabs are allocated; recycling saves
 * the page faults of fresh memory (half or more of the cost of a send), and correctness never depends on it.
 */
export class PayloadSlabs {
  private readonly slabBytes: number;
  private readonly maxFreeSlabs: number;
  private readonly free: Slab[] = [];
  private current: Slab;
  private readonly registry = new FinalizationRegistry<Slab>((slab) => this.release(slab));
  private allocatedCount = 0;
  private recycledCount = 0;

  /**
   * @param slabBytes - bytes per slab; a region larger than this gets a slab of its own size.
   * @param maxFreeSlabs - unused slabs kept for reuse; more are left to the garbage collector.
   */
  constructor(slabBytes: number, maxFreeSlabs = 16) {
    this.slabBytes = slabBytes;
    this.maxFreeSlabs = maxFreeSlabs;
    this.current = { buffer: new ArrayBuffer(0), offset: 0, live: 0, retired: true };
  }

  /** Slabs allocated from the system so far. */
  get allocated(): number {
    return this.allocatedCount;
  }

  /** Slabs reused after all their payloads were collected. */
  get recycled(): number {
    return this.recycledCount;
  }

  /**
   * A region of `bytes` (a multiple of 8) as words for writing. Pair it with exactly one {@link seal} call, which
   * hands out the payload view; the region is not reused until that view is collected.
   */
  carve(bytes: number): Int32Array {
    let slab = this.current;
    if (slab.offset + bytes > slab.buffer.byteLength) {
      this.retire(slab);
      slab = this.take(bytes);
      this.current = slab;
    }
    const words = new Int32Array(slab.buffer, slab.offset, bytes / 4);
    slab.offset += bytes;
    slab.live++;
    return words;
  }

  /**
   * The payload of a carved region, `used` bytes from its start, for the socket. The rest of the region is given
   * back when it was the last one carved.
   */
  seal(words: Int32Array, used: number): Buffer {
    const slab = this.current;
    if (words.buffer === slab.buffer && words.byteOffset + words.byteLength === slab.offset) {
      slab.offset = words.byteOffset + ((used + 7) & ~7);
    }
    const payload = Buffer.from(words.buffer, words.byteOffset, used);
    const owner = this.slabOf(words.buffer);
    if (owner !== undefined) this.registry.register(payload, owner);
    return payload;
  }

  private slabOf(buffer: ArrayBufferLike): Slab | undefined {
    // Regions are sealed in carve order, almost always from the current slab; else from a retired one.
    if (this.current.buffer === buffer) return this.current;
    return this.retiredByBuffer.get(buffer);
  }

  /** Retired slabs with live regions, to find the owner of a region sealed after its slab was retired. */
  private readonly retiredByBuffer = new Map<ArrayBufferLike, Slab>();

  private retire(slab: Slab): void {
    slab.retired = true;
    if (slab.buffer.byteLength === 0) return;
    if (slab.live === 0) this.recycle(slab);
    else this.retiredByBuffer.set(slab.buffer, slab);
  }

  private release(slab: Slab): void {
    slab.live--;
    if (slab.live === 0 && slab.retired) {
      this.retiredByBuffer.delete(slab.buffer);
      this.recycle(slab);
    }
  }

  private recycle(slab: Slab): void {
    if (this.free.length < this.maxFreeSlabs && slab.buffer.byteLength === this.slabBytes) this.free.push(slab);
  }

  private take(bytes: number): Slab {
    const reused = bytes <= this.slabBytes ? this.free.pop() : undefined;
    if (reused !== undefined) {
      this.recycledCount++;
      reused.offset = 0;
      reused.retired = false;
      return reused;
    }
    this.allocatedCount++;
    const size = Math.max(this.slabBytes, bytes);
    return { buffer: Buffer.allocUnsafeSlow(size).buffer as ArrayBuffer, offset: 0, live: 0, retired: false };
  }
}
