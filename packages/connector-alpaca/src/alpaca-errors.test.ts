import { OrderError, RateLimitedError } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { alpacaRestError, alpacaStreamError, parseAlpacaErrorBody } from './alpaca-errors';

const order = { clientOrderId: 'c-9', brokerOrderId: 'b-9' };

describe('alpacaRestError', () => {
  it('maps order answers to order errors that keep Alpaca code and words', () => {
    const funds = alpacaRestError({
      status: 403,
      bodyText: '{"code":40310000,"message":"insufficient buying power"}',
      operation: 'POST /v2/orders',
      kind: 'submit',
      ...order,
    });
    expect(OrderError.isInstance(funds)).toBe(true);
    expect(funds).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      brokerCode: 40310000,
      brokerMessage: 'insufficient buying power',
    });
    expect(funds.message).toContain('order c-9 (Alpaca id b-9)');
    expect(funds.message).toContain('code 40310000, "insufficient buying power"');

    const cases: [number, string, 'submit' | 'cancel' | 'replace', string][] = [
      [422, '{"code":40010001,"message":"qty must be > 0"}', 'submit', 'ORDER_REJECTED'],
      [422, '{"code":40010001,"message":"client_order_id must be unique"}', 'submit', 'DUPLICATE_CLIENT_ORDER_ID'],
      [404, '{"code":40410000,"message":"order not found"}', 'cancel', 'ORDER_NOT_FOUND'],
      [422, '{"code":42210000,"message":"order is not cancelable"}', 'cancel', 'ORDER_NOT_CANCELABLE'],
      [422, '{"code":42210000,"message":"order is not replaceable"}', 'replace', 'ORDER_NOT_CANCELABLE'],
      [422, '{"code":40010001,"message":"limit_price must be > 0"}', 'replace', 'ORDER_REJECTED'],
    ];
    for (const [status, bodyText, kind, code] of cases) {
      expect(alpacaRestError({ status, bodyText, operation: 'x', kind, ...order }).code, bodyText).toBe(code);
    }
  });

  it('maps 401, 429 and 5xx the same for every call', () => {
    const auth = alpacaRestError({
      status: 401,
      bodyText: '{"message":"unauthorized."}',
      operation: 'GET /v2/account',
      kind: 'other',
    });
    expect(auth.code).toBe('AUTH_FAILED');
    expect(auth.retryable).toBe(false);
    expect(auth.message).toContain('APCA_API_KEY_ID');
    const limited = alpacaRestError({
      status: 429,
      bodyText: '',
      operation: 'POST /v2/orders',
      kind: 'submit',
      retryAfterMs: 1500,
      ...order,
    });
    expect(RateLimitedError.isInstance(limited)).toBe(true);
    expect((limited as RateLimitedError).retryAfterMs).toBe(1500);
    expect(limited.message).toContain('200 requests/min');
    const down = alpacaRestError({
      status: 503,
      bodyText: 'Service Unavailable',
      operation: 'GET /v2/positions',
      kind: 'other',
    });
    expect(down).toMatchObject({ code: 'BROKER_UNAVAILABLE', retryable: true });
    expect(down.message).toContain('"Service Unavailable"');
  });

  it('reads any body shape without throwing', () => {
    expect(parseAlpacaErrorBody('')).toEqual({});
    expect(parseAlpacaErrorBody('not json')).toEqual({ message: 'not json' });
    expect(parseAlpacaErrorBody('{"code":"x","message":5}')).toEqual({});
    expect(parseAlpacaErrorBody('42')).toEqual({ message: '42' });
  });
});

describe('alpacaStreamError', () => {
  it('maps every documented code to a tickwire error with advice', () => {
    const expected: [number, string, boolean, string][] = [
      [400, 'PROTOCOL_ERROR', false, 'invalid syntax'],
      [401, 'PROTOCOL_ERROR', true, 'before authentication'],
      [402, 'AUTH_FAILED', false, 'APCA_API_KEY_ID'],
      [403, 'PROTOCOL_ERROR', true, 'already authenticated'],
      [404, 'TIMEOUT', true, 'authentication took too long'],
      [405, 'SUBSCRIPTION_FAILED', false, 'allows 30'],
      [406, 'CONNECTION_FAILED', false, 'one connection per feed and key'],
      [407, 'CONNECTION_FAILED', true, 'read too slowly'],
      [408, 'NOT_SUPPORTED', false, 'market data v2'],
      [409, 'SUBSCRIPTION_FAILED', false, 'no subscription for this feed'],
      [500, 'BROKER_UNAVAILABLE', true, 'internal error'],
      [499, 'PROTOCOL_ERROR', true, 'does not know'],
    ];
    for (const [code, tickwireCode, retryable, advice] of expected) {
      const error = alpacaStreamError(code, code === 400 ? 'invalid syntax' : 'msg', 'stocks (iex) stream');
      expect(error.code, String(code)).toBe(tickwireCode);
      expect(error.retryable, String(code)).toBe(retryable);
      expect(error.message, String(code)).toContain(advice);
      expect(error.message).toContain(`error ${code}`);
      expect(error.details).toMatchObject({ alpacaCode: code, stream: 'stocks (iex) stream' });
    }
  });
});
