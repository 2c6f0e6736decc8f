import { describe, expect, it } from 'vitest';
import { REDACTED } from '../errors/redact';
import { TickwireError } from '../errors/tickwire-error';
import { createLogger, type LogRecord } from './create-logger';

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  const records: LogRecord[] = [];
  const logger = createLogger({ nowMs: () => 1_000, ...options, write: (record) => records.push(record) });
  return { logger, records };
}

describe('createLogger', () => {
  it('writes records at or above its level, with bindings and fields', () => {
    const { logger, records } = capture({ level: 'info', bindings: { connector: 'alpaca-paper' } });
    logger.debug('hidden');
    logger.info('connected', { url: 'wss://127.0.0.1/stream' });
    logger.child({ stream: 'trades' }).error('dropped', { code: 1006 });
    expect(records).toEqual([
      {
        timeMs: 1_000,
        level: 'info',
        message: 'connected',
        fields: { connector: 'alpaca-paper', url: 'wss://127.0.0.1/stream' },
      },
      {
        timeMs: 1_000,
        level: 'error',
        message: 'dropped',
        fields: { connector: 'alpaca-paper', stream: 'trades', code: 1006 },
      },
    ]);
    expect(logger.isLevelEnabled('debug')).toBe(false);
    expect(logger.isLevelEnabled('warn')).toBe(true);
  });

  it('redacts secret fields by name and secret values wherever they appear', () => {
    const { logger, records } = capture({ secretValues: ['PKSECRET99'] });
    logger.warn('auth with PKSECRET99 refused', {
      request: { headers: { 'APCA-API-SECRET-KEY': 'abc', Accept: 'json' } },
      echoed: 'key=PKSECRET99',
      url: 'wss://u:p@127.0.0.1/x',
    });
    const record = records[0]!;
    expect(record.message).toBe(`auth with ${REDACTED} refused`);
    expect(record.fields).toEqual({
      request: { headers: { 'APCA-API-SECRET-KEY': REDACTED, Accept: 'json' } },
      echoed: `key=${REDACTED}`,
      url: `wss://${REDACTED}@127.0.0.1/x`,
    });
  });

  it('writes errors as name, code and message instead of an empty object', () => {
    const { logger, records } = capture();
    logger.error('failed', {
      error: new TickwireError({ code: 'TIMEOUT', message: 'slow broker' }),
      plain: Object.assign(new Error('boom'), { code: 'ECONNRESET' }),
    });
    expect(records[0]?.fields.error).toMatchObject({ name: 'TickwireError', code: 'TIMEOUT', message: 'slow broker' });
    expect(records[0]?.fields.plain).toMatchObject({ name: 'Error', code: 'ECONNRESET', message: 'boom' });
  });

  it('is silent at level silent and survives a throwing writer', () => {
    const { logger, records } = capture({ level: 'silent' });
    logger.error('nothing');
    expect(records).toEqual([]);
    const broken = createLogger({
      write: () => {
        throw new Error('disk full');
      },
    });
    expect(() => broken.error('still fine')).not.toThrow();
  });
});
