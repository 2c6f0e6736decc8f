import { SourceIdConflictError, TickFormatError } from './tick-errors';
import {
  BUILT_IN_SOURCES,
  SOURCE_ID_MAX,
  SOURCE_ID_MIN,
  SOURCE_ID_THIRD_PARTY_MAX,
  SOURCE_ID_THIRD_PARTY_MIN,
  SOURCE_ID_TICKWIRE_MAX,
  type SourceClaim,
} from './tick-source';

const tickwireScope = '@tickwire/';

/**
 * Who holds which source id in this process. It starts with tickwire's built-in ids; each plugin claims its id
 * when the host loads it, and a second owner for the same id is refused with an error naming both.
 */
export class SourceRegistry {
  private readonly claims = new Map<number, SourceClaim>();

  /** A registry holding the built-in sources (TrueFX, OANDA, IB, Alpaca, Tradier, Coinbase, sim). */
  constructor() {
    for (const claim of BUILT_IN_SOURCES) this.claims.set(claim.id, claim);
  }

  /**
   * Claims `claim.id` for `claim.owner`. Claiming again with the same owner and name is a no-op (a plugin loaded
   * twice). Third parties claim ids 128–254; ids 1–127 are kept for packages under `@tickwire/`.
   *
   * @returns the claim now held.
   * @throws SourceIdConflictError when another owner (or the same owner under another name) holds the id.
   * @throws TickFormatError (`TICK_INVALID_SOURCE`) for an id outside 1–254, an id of the wrong range for the
   *   owner, or an empty owner or name.
   */
  claim(claim: SourceClaim): SourceClaim {
    const { id, owner, name } = claim;
    if (!Number.isInteger(id) || id < SOURCE_ID_MIN || id > SOURCE_ID_MAX) {
      throw new TickFormatError(
        'TICK_INVALID_SOURCE',
        `source id ${String(id)} claimed by ${JSON.stringify(owner)} is not an integer in ${SOURCE_ID_MIN}..${SOURCE_ID_MAX}; ` +
          `third-party plugins use ${SOURCE_ID_THIRD_PARTY_MIN}..${SOURCE_ID_THIRD_PARTY_MAX}${this.suggestion()}.`,
      );
    }
    if (owner.trim() === '' || name.trim() === '') {
      throw new TickFormatError(
        'TICK_INVALID_SOURCE',
        `source id ${id} needs a non-empty owner (the package name) and name; got owner ${JSON.stringify(owner)}, name ${JSON.stringify(name)}.`,
      );
    }
    const held = this.claims.get(id);
    if (held !== undefined) {
      if (held.owner === owner && held.name === name) return held;
      throw new SourceIdConflictError(id, held.owner, held.name, owner, name);
    }
    if (id <= SOURCE_ID_TICKWIRE_MAX && !owner.startsWith(tickwireScope)) {
      throw new TickFormatError(
        'TICK_INVALID_SOURCE',
        `source id ${id} claimed by ${JSON.stringify(owner)} is in 1..${SOURCE_ID_TICKWIRE_MAX}, which tickwire keeps for ` +
          `its own connectors; claim an id in ${SOURCE_ID_THIRD_PARTY_MIN}..${SOURCE_ID_THIRD_PARTY_MAX}${this.suggestion()}.`,
      );
    }
    const stored: SourceClaim = { id, owner, name };
    this.claims.set(id, stored);
    return stored;
  }

  /** The claim holding `id`, or undefined when nobody holds it. */
  get(id: number): SourceClaim | undefined {
    return this.claims.get(id);
  }

  /** The display name of source `id`, or `unknown(<id>)`. For logs and tools. */
  nameOf(id: number): string {
    return this.claims.get(id)?.name ?? `unknown(${id})`;
  }

  /** The lowest unclaimed id of the third-party range, or undefined when all are taken. */
  nextFreeThirdPartyId(): number | undefined {
    for (let id = SOURCE_ID_THIRD_PARTY_MIN; id <= SOURCE_ID_THIRD_PARTY_MAX; id++) {
      if (!this.claims.has(id)) return id;
    }
    return undefined;
  }

  /** Every claim, in ascending id order. */
  list(): SourceClaim[] {
    return [...this.claims.values()].sort((left, right) => left.id - right.id);
  }

  private suggestion(): string {
    const free = this.nextFreeThirdPartyId();
    return free === undefined ? '' : ` (the lowest free one is ${free})`;
  }
}
