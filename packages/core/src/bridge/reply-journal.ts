/** One client's numbered replies, oldest first; entries before `head` were evicted. */
interface ClientReplies {
  lastSequence: number;
  sequences: number[];
  bodies: string[];
  head: number;
}

/** What {@link ReplyJournal.repliesAfter} found. */
export interface ReplayedReplies {
  /** The replies with a sequence above the one asked for that are still kept, in order. */
  readonly bodies: readonly string[];
  /** The client's last reply sequence (0 when it has none). */
  readonly lastSequence: number;
  /** True when some replies after the one asked for were evicted and cannot be sent again. */
  readonly truncated: boolean;
}

/**
 * The bridge's memory of the replies it sent: it answers a repeated intent id with the very same reply, and resends
 * the replies a client missed while it was away.
 *
 * Replies are numbered per client name (1, 2, 3...). The journal keeps at most `capacity` replies over all clients
 * and evicts the oldest first, so a client's replies are always evicted in sequence order.
 */
export class ReplyJournal {
  /** `client \n intent` to reply body, in insertion (= eviction) order. */
  private readonly byIntent = new Map<string, string>();
  private readonly byClient = new Map<string, ClientReplies>();
  private readonly capacity: number;
  private evictedCount = 0;

  /** @param capacity - replies kept over all clients, at least 1. */
  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  /** Replies currently kept. */
  get size(): number {
    return this.byIntent.size;
  }

  /** Replies evicted so far. */
  get evicted(): number {
    return this.evictedCount;
  }

  /** The reply already sent for this intent, if it is still kept. */
  lookup(client: string, intentId: string): string | undefined {
    return this.byIntent.get(keyOf(client, intentId));
  }

  /** The client's last reply sequence; 0 before its first reply. */
  lastSequence(client: string): number {
    return this.byClient.get(client)?.lastSequence ?? 0;
  }

  /**
   * Numbers and keeps a new reply. `render` receives the sequence number and returns the reply body to send and keep.
   */
  record(client: string, intentId: string, render: (sequence: number) => string): string {
    let replies = this.byClient.get(client);
    if (replies === undefined) {
      replies = { lastSequence: 0, sequences: [], bodies: [], head: 0 };
      this.byClient.set(client, replies);
    }
    const sequence = replies.lastSequence + 1;
    const body = render(sequence);
    replies.lastSequence = sequence;
    replies.sequences.push(sequence);
    replies.bodies.push(body);
    this.byIntent.set(keyOf(client, intentId), body);
    while (this.byIntent.size > this.capacity) this.evictOldest();
    return body;
  }

  /** The kept replies of `client` numbered above `after`, oldest first. */
  repliesAfter(client: string, after: number): ReplayedReplies {
    const replies = this.byClient.get(client);
    if (replies === undefined) return { bodies: [], lastSequence: 0, truncated: false };
    const bodies: string[] = [];
    for (let index = replies.head; index < replies.sequences.length; index++) {
      if (replies.sequences[index]! > after) bodies.push(replies.bodies[index]!);
    }
    const oldestKept =
      replies.head < replies.sequences.length ? replies.sequences[replies.head]! : replies.lastSequence + 1;
    return {
      bodies,
      lastSequence: replies.lastSequence,
      truncated: after < replies.lastSequence && after + 1 < oldestKept,
    };
  }

  private evictOldest(): void {
    const oldest = this.byIntent.keys().next();
    if (oldest.done === true) return;
    this.byIntent.delete(oldest.value);
    this.evictedCount++;
    const replies = this.byClient.get(oldest.value.slice(0, oldest.value.indexOf('\n')));
    if (replies === undefined) return;
    replies.head++;
    // Compact now and then so evicted entries do not pile up in the arrays.
    if (replies.head > 1024 && replies.head * 2 > replies.sequences.length) {
      replies.sequences = replies.sequences.slice(replies.head);
      replies.bodies = replies.bodies.slice(replies.head);
      replies.head = 0;
    }
  }
}

function keyOf(client: string, intentId: string): string {
  return `${client}\n${intentId}`;
}
