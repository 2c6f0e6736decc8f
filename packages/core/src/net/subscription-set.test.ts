import { describe, expect, it } from 'vitest';
import { SubscriptionSet } from './subscription-set';

describe('SubscriptionSet', () => {
  it('returns only what changed, grouped by channel', () => {
    const wanted = new SubscriptionSet();
    expect(wanted.add(['AAPL', 'MSFT'], ['quotes', 'trades'])).toEqual(
      new Map([
        ['quotes', ['AAPL', 'MSFT']],
        ['trades', ['AAPL', 'MSFT']],
      ]),
    );
    expect(wanted.add(['AAPL', 'TSLA'], ['quotes'])).toEqual(new Map([['quotes', ['TSLA']]]));
    expect(wanted.add(['AAPL'], ['quotes']).size).toBe(0);
    expect(wanted.remove(['MSFT', 'NVDA'], ['trades', 'bars'])).toEqual(new Map([['trades', ['MSFT']]]));
    expect(wanted.size).toBe(4);
  });

  it('holds the full set for a resubscribe, in insertion order, and distinct symbols for limits', () => {
    const wanted = new SubscriptionSet<'ticker' | 'level2'>();
    wanted.add(['BTC-USD'], ['ticker']);
    wanted.add(['ETH-USD', 'BTC-USD'], ['level2']);
    wanted.remove(['BTC-USD'], ['ticker']);
    expect(wanted.byChannel()).toEqual(new Map([['level2', ['ETH-USD', 'BTC-USD']]]));
    expect(wanted.has('BTC-USD', 'ticker')).toBe(false);
    expect(wanted.has('BTC-USD', 'level2')).toBe(true);
    expect(wanted.symbols().sort()).toEqual(['BTC-USD', 'ETH-USD']);
    wanted.clear();
    expect(wanted.size).toBe(0);
    expect(wanted.byChannel().size).toBe(0);
  });
});
