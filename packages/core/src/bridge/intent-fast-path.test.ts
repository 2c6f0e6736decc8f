import { describe, expect, it } from 'vitest';
import { parseCommonIntent } from './intent-fast-path';
import { parseBySchema } from './intent-messages';

const limitOrder = { symbol: 'AAPL', side: 'buy', type: 'limit', quantity: 10, limitPrice: 101.5, timeInForce: 'day' };
const valid: Record<string, unknown>[] = [
  { v: 1, type: 'submit', client: 'alpha', intent: 'i-1', order: limitOrder },
  {
    v: 1,
    type: 'submit',
    client: 'a',
    intent: 'x:1.2_3-4',
    order: { symbol: 'BTC-USD', side: 'sell', type: 'market', notional: 50 },
  },
  {
    v: 1,
    type: 'submit',
    client: 'a',
    intent: 'i',
    order: { ...limitOrder, type: 'stop_limit', stopPrice: 100, clientOrderId: 'my.order:1' },
  },
  {
    v: 1,
    type: 'submit',
    client: 'a',
    intent: 'i',
    order: { symbol: 'X', side: 'buy', type: 'stop', quantity: 1, stopPrice: 3, timeInForce: 'gtc' },
  },
  {
    v: 1,
    type: 'submit',
    client: 'a',
    intent: 'i',
    order: { symbol: 'X', side: 'buy', type: 'market', quantity: 1, limitPrice: 3 },
  },
  { v: 1, type: 'cancel', client: 'alpha', intent: 'c-1', clientOrderId: 'alpha-i-1' },
  {
    v: 1,
    type: 'replace',
    client: 'alpha',
    intent: 'r-1',
    clientOrderId: 'alpha-i-1',
    changes: { limitPrice: 101.25 },
  },
  {
    v: 1,
    type: 'replace',
    client: 'alpha',
    intent: 'r-2',
    clientOrderId: 'o',
    newClientOrderId: 'o2',
    changes: { quantity: 5, stopPrice: 1, trailPrice: 2, timeInForce: 'ioc' },
  },
];

/** Every way of breaking a message one field at a time: remove it, null it, retype it, give it an odd value. */
function mutations(message: Record<string, unknown>): Record<string, unknown>[] {
  const odd: unknown[] = [null, '', 'x'.repeat(65), 0, -1, 1e-9, true, [], {}, 'day', 'buy', 'limit', 'bad id!', 2];
  const out: Record<string, unknown>[] = [{ ...message, extra: 1 }];
  for (const key of Object.keys(message)) {
    const { [key]: _removed, ...without } = message;
    out.push(without);
    for (const value of odd) out.push({ ...message, [key]: value });
    const nested = message[key];
    if (typeof nested === 'object' && nested !== null) {
      const inner = nested as Record<string, unknown>;
      out.push({ ...message, [key]: { ...inner, limit_price: 1 } });
      out.push({ ...message, [key]: { ...inner, trailPercent: 1 } });
      out.push({ ...message, [key]: { ...inner, takeProfit: { limitPrice: 1 } } });
      for (const innerKey of [...Object.keys(inner), 'timeInForce', 'quantity', 'notional', 'clientOrderId']) {
        const { [innerKey]: _gone, ...innerWithout } = inner;
        out.push({ ...message, [key]: innerWithout });
        for (const value of odd) out.push({ ...message, [key]: { ...inner, [innerKey]: value } });
      }
    }
  }
  return out;
}

/** What the schemas say; parseClientMessage refuses other versions and types before either parser runs. */
function bySchema(message: Record<string, unknown>) {
  if (message.v !== 1 || !['submit', 'cancel', 'replace'].includes(message.type as string)) {
    return { ok: false } as const;
  }
  return parseBySchema(message as Record<string, unknown> & { type: string });
}

describe('parseCommonIntent', () => {
  it('takes the everyday submit, cancel and replace and returns what the schemas return', () => {
    for (const message of valid) {
      const copy = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
      const fast = parseCommonIntent(copy);
      expect(fast, JSON.stringify(message)).toBeDefined();
      expect(bySchema(copy)).toEqual({ ok: true, message: fast });
    }
  });

  it('never accepts a message the schemas refuse, and agrees with them on every one it accepts', () => {
    let accepted = 0;
    let refusedBySchema = 0;
    for (const base of valid) {
      for (const mutated of mutations(base)) {
        const copy = JSON.parse(JSON.stringify(mutated)) as Record<string, unknown>;
        const schema = bySchema(copy);
        if (!schema.ok) refusedBySchema++;
        const fast = parseCommonIntent(copy);
        if (fast === undefined) continue;
        accepted++;
        expect(schema, JSON.stringify(mutated)).toEqual({ ok: true, message: fast });
      }
    }
    // The corpus is not vacuous: it holds messages of both kinds.
    expect(accepted).toBeGreaterThan(50);
    expect(refusedBySchema).toBeGreaterThan(500);
  });

  it('leaves the rarer shapes to the schemas', () => {
    const trailing = { symbol: 'X', side: 'buy', type: 'trailing_stop', quantity: 1, trailPercent: 2 };
    const bracket = {
      ...limitOrder,
      orderClass: 'bracket',
      takeProfit: { limitPrice: 110 },
      stopLoss: { stopPrice: 90 },
    };
    for (const order of [trailing, bracket]) {
      const message = { v: 1, type: 'submit', client: 'a', intent: 'i', order };
      expect(parseCommonIntent(message)).toBeUndefined();
      expect(bySchema(message).ok).toBe(true);
    }
    expect(parseCommonIntent({ v: 1, type: 'hello', client: 'a' })).toBeUndefined();
    // JSON text can carry a number too large for a double; it parses as Infinity, which no order may have.
    const huge = JSON.parse(
      '{"v":1,"type":"submit","client":"a","intent":"i","order":{"symbol":"X","side":"buy","type":"market","quantity":1e999}}',
    ) as Record<string, unknown>;
    expect(parseCommonIntent(huge)).toBeUndefined();
    expect(bySchema(huge).ok).toBe(false);
  });
});
