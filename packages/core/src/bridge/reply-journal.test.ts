import { describe, expect, it } from 'vitest';
import { ReplyJournal } from './reply-journal';

describe('ReplyJournal', () => {
  it('numbers replies per client and finds them by intent', () => {
    const journal = new ReplyJournal(10);
    const body = journal.record('a', 'i-1', (sequence) => `a#${sequence}`);
    journal.record('b', 'i-1', (sequence) => `b#${sequence}`);
    journal.record('a', 'i-2', (sequence) => `a#${sequence}`);
    expect(body).toBe('a#1');
    expect(journal.lookup('a', 'i-2')).toBe('a#2');
    expect(journal.lookup('b', 'i-1')).toBe('b#1');
    expect(journal.lookup('b', 'i-2')).toBeUndefined();
    expect([journal.lastSequence('a'), journal.lastSequence('b'), journal.lastSequence('c')]).toEqual([2, 1, 0]);
  });

  it('replays what came after a sequence, and says when part of it was evicted', () => {
    const journal = new ReplyJournal(3);
    for (let index = 1; index <= 5; index++) journal.record('a', `i-${index}`, (sequence) => `a#${sequence}`);
    expect(journal.repliesAfter('a', 3)).toEqual({ bodies: ['a#4', 'a#5'], lastSequence: 5, truncated: false });
    expect(journal.repliesAfter('a', 2)).toEqual({ bodies: ['a#3', 'a#4', 'a#5'], lastSequence: 5, truncated: false });
    expect(journal.repliesAfter('a', 0)).toEqual({ bodies: ['a#3', 'a#4', 'a#5'], lastSequence: 5, truncated: true });
    expect(journal.repliesAfter('a', 5)).toEqual({ bodies: [], lastSequence: 5, truncated: false });
    expect(journal.lookup('a', 'i-2')).toBeUndefined();
    expect([journal.size, journal.evicted]).toEqual([3, 2]);
  });

  it('evicts oldest first across clients, keeping each client in order', () => {
    const journal = new ReplyJournal(2);
    journal.record('a', 'x', () => 'a1');
    journal.record('b', 'x', () => 'b1');
    journal.record('a', 'y', () => 'a2');
    expect(journal.lookup('a', 'x')).toBeUndefined();
    expect(journal.repliesAfter('a', 0)).toEqual({ bodies: ['a2'], lastSequence: 2, truncated: true });
    expect(journal.repliesAfter('b', 0)).toEqual({ bodies: ['b1'], lastSequence: 1, truncated: false });
  });

  it('stays bounded and correct over many evictions (compaction)', () => {
    const journal = new ReplyJournal(100);
    for (let index = 1; index <= 10_000; index++) journal.record('a', `i-${index}`, (sequence) => String(sequence));
    expect(journal.size).toBe(100);
    const replayed = journal.repliesAfter('a', 9_950);
    expect(replayed.bodies).toEqual(Array.from({ length: 50 }, (_, index) => String(9_951 + index)));
    expect(journal.repliesAfter('a', 0).bodies[0]).toBe('9901');
  });
});
