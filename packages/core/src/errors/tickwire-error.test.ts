import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from './config-error';
import { isTickwireErrorCode, TICKWIRE_ERROR_CODES } from './error-codes';
import { OrderError } from './order-error';
import { PluginError } from './plugin-error';
import { RateLimitedError } from './rate-limited-error';
import { isTickwireError, TickwireError, toTickwireError } from './tickwire-error';

const foreignMarker = Symbol.for('tickwire.error');

/** Built without this module: what another installed copy of core would hand us. */
class ForeignCopyError extends Error {
  readonly [foreignMarker] = true;
  readonly code = 'RATE_LIMITED';
  readonly retryable = true;
}

describe('TickwireError', () => {
  it('takes the retryable default from its code and lets the caller override it', () => {
    expect(new TickwireError({ code: 'TIMEOUT', message: 'x' }).retryable).toBe(true);
    expect(new TickwireError({ code: 'AUTH_FAILED', message: 'x' }).retryable).toBe(false);
    expect(new TickwireError({ code: 'TIMEOUT', message: 'x', retryable: false }).retryable).toBe(false);
  });

  it('keeps cause and details and serialises them without the stack', () => {
    const cause = Object.assign(new Error('ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = new TickwireError({
      code: 'CONNECTION_FAILED',
      message: 'Could not connect',
      cause,
      details: { url: 'ws://127.0.0.1:9' },
    });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({
      name: 'TickwireError',
      code: 'CONNECTION_FAILED',
      message: 'Could not connect',
      retryable: true,
      details: { url: 'ws://127.0.0.1:9' },
      cause: { name: 'Error', message: 'ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED' },
    });
  });

  it('recognises errors by marker, not instanceof, including an object from another copy of core', () => {
    const foreign = new ForeignCopyError('from elsewhere');
    expect(foreign instanceof TickwireError).toBe(false);
    expect(TickwireError.isInstance(foreign)).toBe(true);
    expect(isTickwireError(foreign, 'RATE_LIMITED')).toBe(true);
    expect(isTickwireError(foreign, 'TIMEOUT')).toBe(false);
  });

  it('recognises an error from a second, freshly loaded copy of the module', async () => {
    vi.resetModules();
    const secondCopy = await import('./tickwire-error');
    expect(secondCopy.TickwireError).not.toBe(TickwireError);
    const error = new secondCopy.TickwireError({ code: 'ORDER_NOT_FOUND', message: 'gone' });
    expect(error instanceof TickwireError).toBe(false);
    expect(isTickwireError(error, 'ORDER_NOT_FOUND')).toBe(true);
    expect(secondCopy.isTickwireError(new TickwireError({ code: 'INTERNAL', message: 'x' }))).toBe(true);
  });

  it('refuses look-alikes without the marker or with a false marker', () => {
    const plain = Object.assign(new Error('x'), { code: 'TIMEOUT', retryable: true });
    const falseMarker = { [Symbol.for('tickwire.error')]: 'yes', code: 'TIMEOUT' };
    expect(isTickwireError(plain)).toBe(false);
    expect(isTickwireError(falseMarker)).toBe(false);
    expect(isTickwireError(null)).toBe(false);
    expect(isTickwireError('TIMEOUT')).toBe(false);
  });

  it('wraps foreign errors once and passes tickwire errors through', () => {
    const original = new TickwireError({ code: 'TIMEOUT', message: 'slow' });
    expect(toTickwireError(original, { code: 'INTERNAL', message: 'wrapped' })).toBe(original);
    const wrapped = toTickwireError(new SyntaxError('bad json'), { code: 'PROTOCOL_ERROR', message: 'frame' });
    expect(wrapped.code).toBe('PROTOCOL_ERROR');
    expect((wrapped.cause as Error).message).toBe('bad json');
  });

  it('knows exactly its own codes', () => {
    expect(isTickwireErrorCode('RATE_LIMITED')).toBe(true);
    expect(isTickwireErrorCode('toString')).toBe(false);
    expect(isTickwireErrorCode('rate_limited')).toBe(false);
    for (const [code, info] of Object.entries(TICKWIRE_ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z_]+$/);
      expect(info.summary.length).toBeGreaterThan(10);
    }
  });
});

describe('subclasses', () => {
  it('each has its own cross-copy marker on top of the base one', () => {
    const rateLimited = new RateLimitedError({
      limitName: 'orders',
      retryAfterMs: 1234.2,
      operation: 'POST /v2/orders',
    });
    expect(TickwireError.isInstance(rateLimited)).toBe(true);
    expect(RateLimitedError.isInstance(rateLimited)).toBe(true);
    expect(ConfigError.isInstance(rateLimited)).toBe(false);
    expect(rateLimited.retryAfterMs).toBe(1235);
    expect(rateLimited.retryable).toBe(true);
    expect(rateLimited.message).toContain('"orders"');
    expect(rateLimited.message).toContain('1235 ms');

    const foreignConfig = Object.assign(new ForeignCopyError('x'), {
      [Symbol.for('tickwire.error.ConfigError')]: true,
    });
    expect(ConfigError.isInstance(foreignConfig)).toBe(true);
  });

  it('ConfigError lists every issue and exposes the first', () => {
    const error = new ConfigError({
      subject: 'connector @acme/x',
      issues: [
        { fieldPath: 'feed', value: 'opra', problem: 'expected one of "iex"|"sip"', fix: 'use "iex" or "sip"' },
        { fieldPath: 'keyId', value: undefined, problem: 'required', fix: 'set keyId' },
      ],
    });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.fieldPath).toBe('feed');
    expect(error.value).toBe('opra');
    expect(error.message).toContain('connector @acme/x (2 problems)');
    expect(error.message).toContain('feed: expected one of "iex"|"sip"; got "opra". Fix: use "iex" or "sip"');
    expect(error.message).toContain('keyId: required; got nothing (the field is missing)');
  });

  it('PluginError and OrderError keep the facts they are about', () => {
    const plugin = new PluginError({
      code: 'PLUGIN_NOT_INSTALLED',
      packageName: '@acme/x',
      supportedSpecificationVersions: ['tickwire.connector/v1'],
      message: 'not installed',
    });
    expect(plugin.packageName).toBe('@acme/x');
    expect(PluginError.isInstance(plugin)).toBe(true);
    expect(OrderError.isInstance(plugin)).toBe(false);

    const order = new OrderError({
      code: 'ORDER_REJECTED',
      clientOrderId: 'c-1',
      brokerCode: 40310000,
      brokerMessage: 'insufficient buying power',
      message: 'rejected',
    });
    expect(order.retryable).toBe(false);
    expect(order.details).toMatchObject({ clientOrderId: 'c-1', brokerCode: 40310000 });
    expect(OrderError.isInstance(order)).toBe(true);
  });
});
