import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RuntimeSummary } from '../runtime/runtime-summary';

// The built CLI, as users run it (`npm test` builds first).
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'tickwire-cli-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], whileRunning?: (child: ChildProcess) => void): Promise<Finished> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  whileRunning?.(child);
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

function writeConfig(name: string, storeDir: string): string {
  const path = join(directory, name);
  writeFileSync(
    path,
    JSON.stringify({
      connectors: [
        {
          package: '@tickwire/connector-sim',
          instruments: {
            'SIM-AAPL': { priceIncrement: 0.01 },
            'SIM-MSFT': { priceIncrement: 0.01 },
          },
        },
      ],
      store: { dir: storeDir },
      strategies: [{ module: 'builtin:example' }],
      auditLog: `${storeDir}/audit.jsonl`,
    }),
  );
  return path;
}

function expectNothingLost(summary: RuntimeSummary): void {
  const { ticks } = summary;
  expect(ticks.received).toBeGreaterThan(0);
  expect(ticks.received).toBe(ticks.published + ticks.dropped + ticks.refused);
  expect(ticks.consumed).toBe(ticks.published);
  expect(ticks.stored).toBe(ticks.published);
  expect(ticks.storeLost).toBe(0);
}

describe('tickwire CLI (built)', () => {
  it('is built', () => {
    expect(existsSync(cli), `${cli} is missing: run npm run build (npm test does it first)`).toBe(true);
  });

  it('run --duration writes a summary in which every tick is accounted for', async () => {
    const summaryPath = join(directory, 'duration-summary.json');
    const result = await runCli([
      'run',
      '--config',
      writeConfig('duration.json', 'ticks-duration'),
      '--duration',
      '2',
      '--summary-json',
      summaryPath,
      '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as RuntimeSummary;
    expectNothingLost(summary);

    // The files hold exactly what was stored, with no sequence gap, and export as CSV line for line.
    const storeDir = join(directory, 'ticks-duration');
    const inspected = await runCli(['inspect', storeDir, '--json']);
    expect(inspected.code, inspected.stderr).toBe(0);
    const totals = (
      JSON.parse(inspected.stdout) as { totals: { records: number; sequenceGaps: number; tornBytes: number } }
    ).totals;
    expect(totals).toMatchObject({ records: summary.ticks.stored, sequenceGaps: 0, tornBytes: 0 });
    const csvPath = join(directory, 'duration.csv');
    const exported = await runCli(['export', storeDir, '--format', 'csv', '--out', csvPath]);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = readFileSync(csvPath, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(summary.ticks.stored! + 1);
  });

  it('SIGINT stops gracefully: exit 0, rings drained, every tick stored', async () => {
    const summaryPath = join(directory, 'sigint-summary.json');
    const result = await runCli(
      ['run', '--config', writeConfig('sigint.json', 'ticks-sigint'), '--summary-json', summaryPath, '--quiet'],
      (child) => setTimeout(() => child.kill('SIGINT'), 2_500),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('stopping (SIGINT)');
    expectNothingLost(JSON.parse(readFileSync(summaryPath, 'utf8')) as RuntimeSummary);
  });

  it('a bad config exits 2 with the field, the value and the fix', async () => {
    const path = join(directory, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({ connectors: [{ package: '@tickwire/connector-sim' }], ring: { capacity: 1000 } }),
    );
    const result = await runCli(['run', '--config', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ring.capacity');
    expect(result.stderr).toContain('1000');
    expect(result.stderr).toContain('power of two');
  });

  it('invalid JSON names the line', async () => {
    const path = join(directory, 'broken.json');
    writeFileSync(path, '{\n  "connectors": [\n    { "package": "@tickwire/connector-sim", }\n  ]\n}\n');
    const result = await runCli(['run', '--config', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 3/);
  });

  it('connectors lists the installed sim plugin with its source id', async () => {
    const result = await runCli(['connectors']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/@tickwire\/connector-sim@\d+\.\d+\.\d+\s+source 7/);
  });
});
