// Starts the fake Coinbase Advanced Trade on fixed loopback ports with a fresh throwaway API key, and writes that
// key where tickwire.config.json points, so `tickwire run --config examples/coinbase-local/tickwire.config.json`
// works with no Coinbase account. Run from the repository root: npx tsx examples/coinbase-local/start-fake-coinbase.ts
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoinbaseFakeBroker, createCoinbaseTestKey, writeCoinbaseKeyFile } from '@tickwire/connector-coinbase/testing';

const exampleDir = dirname(fileURLToPath(import.meta.url));
const keyFile = join(exampleDir, '.local', 'cdp_api_key.json');
const ports = { restPort: 18_330, marketDataPort: 18_331, userDataPort: 18_332 };

const key = createCoinbaseTestKey(process.argv.includes('--ed25519') ? 'EdDSA' : 'ES256');
mkdirSync(dirname(keyFile), { recursive: true });
writeCoinbaseKeyFile(keyFile, key);

// Coinbase's own pace: a heartbeat a second; market data ten times a second.
const broker = new CoinbaseFakeBroker({ ...ports, key, heartbeatIntervalMs: 1_000, streamIntervalMs: 100 });
await broker.start();
const { restBaseUrl, marketDataUrl, userDataUrl } = broker.urls;
process.stdout.write(
  [
    'Fake Coinbase Advanced Trade is up on 127.0.0.1 (Ctrl-C stops it):',
    `  REST         ${restBaseUrl}/api/v3/brokerage`,
    `  market data  ${marketDataUrl}`,
    `  user data    ${userDataUrl}`,
    `  throwaway ${key.algorithm} key written to ${relative(process.cwd(), keyFile)}`,
    '',
    'In another terminal, from the repository root:',
    '  npx tickwire run --config examples/coinbase-local/tickwire.config.json',
    '',
  ].join('\n'),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void broker.stop().then(() => process.exit(0));
  });
}
