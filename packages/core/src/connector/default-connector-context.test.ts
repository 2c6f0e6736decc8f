import { describe, expect, it } from 'vitest';
import { exampleCapabilities } from './__fixtures__/example-connector-plugin';
import { createTickWriterStub } from './__fixtures__/tick-writer-stub';
import type { LogRecord } from './create-logger';
import { createLogger } from './create-logger';
import { createConnectorContext } from './default-connector-context';

describe('createConnectorContext', () => {
  it('fills every part with a working default and keeps the overrides it is given', () => {
    const records: LogRecord[] = [];
    const shutdown = new AbortController();
    const fakeFetch: typeof fetch = async () => new Response('ok');
    const context = createConnectorContext({
      connectorId: 'example-paper',
      tickSourceId: 200,
      tickWriter: createTickWriterStub(),
      orderEvents: { emit: () => {} },
      signal: shutdown.signal,
      overrides: {
        fetch: fakeFetch,
        logger: createLogger({ write: (record) => records.push(record), bindings: { connector: 'example-paper' } }),
      },
    });
    expect(context.fetch).toBe(fakeFetch);
    expect(context.signal.aborted).toBe(false);
    shutdown.abort();
    expect(context.signal.aborted).toBe(true);
    expect(context.marketData.wants('quotes')).toBe(false);
    expect(context.random()).toBeGreaterThanOrEqual(0);

    const bucket = exampleCapabilities.rateLimitBuckets[0]!;
    const limiter = context.createRateLimiter({ ...bucket, capacity: 2 });
    expect(limiter.name).toBe('rest');
    expect([limiter.tryTake(), limiter.tryTake(), limiter.tryTake()]).toEqual([true, true, false]);

    context.health.reportGap('AAPL', 10, 14);
    expect(records[0]).toMatchObject({
      level: 'warn',
      message: 'feed sequence gap',
      fields: { connector: 'example-paper', symbol: 'AAPL', expected: 10, received: 14, missed: 4 },
    });
  });
});
