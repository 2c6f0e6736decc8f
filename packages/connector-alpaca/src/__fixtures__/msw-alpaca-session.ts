import type { TestHost } from '@tickwire/testkit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { MSW_BASE, restOnlyHost, WIRE_ACCOUNT } from './msw-alpaca';

/** The credentials the msw tests put in the environment (and check never leak). */
export const MSW_KEY_ID = 'PKMSWKEY0000000001';
export const MSW_SECRET = 'msw-secret-value-0001';

/** What {@link useMswAlpaca} gives a test file. */
export interface MswAlpacaSession {
  readonly server: ReturnType<typeof setupServer>;
  /** A REST-only connector, not yet connected; stopped after each test. */
  created(...args: Parameters<typeof restOnlyHost>): TestHost;
  /** A REST-only connector connected through msw; stopped after each test. */
  connected(config?: Record<string, unknown>): Promise<TestHost>;
}

/**
 * Registers the msw lifecycle for an Alpaca REST test file: the server refuses unhandled requests, credentials come
 * from the environment, `/v2/account` answers (connect() reads it), and each test's host is stopped afterwards.
 */
export function useMswAlpaca(): MswAlpacaSession {
  const server = setupServer();
  const account = http.get(`${MSW_BASE}/v2/account`, () => HttpResponse.json(WIRE_ACCOUNT));
  let host: TestHost | undefined;
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    vi.stubEnv('APCA_API_KEY_ID', MSW_KEY_ID);
    vi.stubEnv('APCA_API_SECRET_KEY', MSW_SECRET);
    server.use(account);
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    server.resetHandlers();
    vi.unstubAllEnvs();
  });
  afterAll(() => server.close());
  const created = (...args: Parameters<typeof restOnlyHost>): TestHost => {
    host = restOnlyHost(...args);
    return host;
  };
  return {
    server,
    created,
    async connected(config = {}) {
      const connecting = created(config);
      await connecting.connector.connect();
      return connecting;
    },
  };
}

/** The error `action` rejects with; throws if it resolves. */
export async function rejection(action: Promise<unknown>): Promise<unknown> {
  try {
    await action;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
