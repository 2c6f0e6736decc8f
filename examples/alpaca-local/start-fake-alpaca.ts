// Starts the fake Alpaca (trading REST v2, trade_updates, stock and crypto market data) on a fixed loopback port, so
// `tickwire run --config examples/alpaca-local/tickwire.config.json` works with no Alpaca account and no keys.
// Run from the repository root: npx tsx examples/alpaca-local/start-fake-alpaca.ts
import { FakeAlpacaServer } from '@tickwire/connector-alpaca/testing';

const PORT = 18_340;

// Close to Alpaca's own pace: ten quote rounds a second, a heartbeat a second, a bar every ten seconds.
const fake = await FakeAlpacaServer.start({
  port: PORT,
  quoteIntervalMs: 100,
  heartbeatIntervalMs: 1_000,
  barIntervalMs: 10_000,
});
const { trading, tradingStream, marketDataStream } = fake.endpoints;
process.stdout.write(
  [
    'Fake Alpaca is up on 127.0.0.1 (Ctrl-C stops it); it accepts any key pair, or none:',
    `  trading REST    ${trading}/v2`,
    `  trade_updates   ${tradingStream}`,
    `  stock data      ${marketDataStream}/v2/{iex|sip|delayed_sip|test}`,
    `  crypto data     ${marketDataStream}/v1beta3/crypto/us`,
    '',
    'In another terminal, from the repository root:',
    '  npx tickwire run --config examples/alpaca-local/tickwire.config.json',
    '',
  ].join('\n'),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    const { orders, quotes } = { orders: fake.records.orders.length, quotes: fake.records.quotesSent('AAPL').length };
    process.stdout.write(`\nFake Alpaca stopping: ${orders} order requests, ${quotes} AAPL quotes sent.\n`);
    void fake.stop().then(() => process.exit(0));
  });
}
