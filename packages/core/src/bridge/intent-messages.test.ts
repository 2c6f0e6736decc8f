import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './intent-messages';

function parse(message: unknown) {
  return parseClientMessage(Buffer.from(typeof message === 'string' ? message : JSON.stringify(message)));
}

const order = { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 1 };

describe('parseClientMessage', () => {
  it('accepts each message type and fills the default time in force', () => {
    const submit = parse({ v: 1, type: 'submit', client: 'a', intent: 'i', order });
    expect(submit).toEqual({
      ok: true,
      message: { v: 1, type: 'submit', client: 'a', intent: 'i', order: { ...order, timeInForce: 'day' } },
    });
    for (const message of [
      { v: 1, type: 'hello', client: 'a' },
      { v: 1, type: 'ping' },
      { v: 1, type: 'cancel', client: 'a', intent: 'i', clientOrderId: 'o-1' },
      { v: 1, type: 'replace', client: 'a', intent: 'i', clientOrderId: 'o-1', changes: { limitPrice: 2 } },
      { v: 1, type: 'replay', client: 'a', after: 0 },
      { v: 1, type: 'replay-updates', stream: '_', after: 3 },
    ]) {
      expect(parse(message).ok, JSON.stringify(message)).toBe(true);
    }
  });

  it('lets hello through in any version so the bridge can negotiate, but nothing else', () => {
    expect(parse({ v: 3, type: 'hello', client: 'a', versions: [3, 1] }).ok).toBe(true);
    expect(parse({ v: 3, type: 'ping' })).toMatchObject({ ok: false, problem: { code: 'unsupported-version' } });
  });

  it.each([
    [{ ...order, quantity: undefined }, 'quantity', /exactly one of quantity or notional/],
    [{ ...order, notional: 500 }, 'quantity', /exactly one of quantity or notional/],
    [{ ...order, type: 'stop_limit', limitPrice: 10 }, 'stopPrice', /needs stopPrice/],
    [{ ...order, type: 'trailing_stop', trailPrice: 1, trailPercent: 2 }, 'trailPrice', /exactly one of trailPrice/],
    [{ ...order, side: 'short' }, 'side', /buy|sell/],
    [{ ...order, quantity: Number.POSITIVE_INFINITY }, 'quantity', /./],
    [{ ...order, stopLoss: { stopPrice: 1, trigger: 2 } }, 'stopLoss.trigger', /unknown field/],
  ])('refuses order %j naming %s', (fields, field, problem) => {
    const result = parse({ v: 1, type: 'submit', client: 'a', intent: 'i', order: fields });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.field).toBe(`order.${field}`);
    expect(result.problem.message).toMatch(problem);
    expect(result.problem).toMatchObject({ client: 'a', intent: 'i' });
  });

  it('refuses a replace that changes nothing, and negative replay positions', () => {
    expect(parse({ v: 1, type: 'replace', client: 'a', intent: 'i', clientOrderId: 'o', changes: {} })).toMatchObject({
      ok: false,
      problem: { code: 'invalid-field', field: 'changes' },
    });
    expect(parse({ v: 1, type: 'replay', client: 'a', after: -1 })).toMatchObject({
      ok: false,
      problem: { field: 'after' },
    });
  });

  it('does not echo a client or intent that is not a short string', () => {
    const result = parse({ v: 1, type: 'submit', client: 'x'.repeat(500), intent: 7, order });
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.problem).not.toHaveProperty('client');
  });
});
