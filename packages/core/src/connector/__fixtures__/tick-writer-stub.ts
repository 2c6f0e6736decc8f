import type { TickWriter } from '../../tick/tick-writer';

/** A TickWriter that counts publishes, for contract tests that need one but never read the ring. */
export function createTickWriterStub(): TickWriter & { readonly published: number } {
  let published = 0;
  return {
    draft: { epochSeconds: 0, nanoseconds: 0, symbolId: 0, bid: 0, ask: 0, volume: 0, flags: 0 },
    publish: () => {
      published++;
      return true;
    },
    get published() {
      return published;
    },
  };
}
