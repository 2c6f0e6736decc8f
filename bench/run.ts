// `npm run bench` runs every bench/*.bench.ts; `npm run bench -- ring store` runs the named ones.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchCase, Benchmark, BenchReport } from './lib/bench-types';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

function formatNumber(value: number | null): string {
  if (value === null) return '-';
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (Math.abs(value) >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return value.toFixed(value < 10 ? 2 : 1);
}

function markdownTable(report: BenchReport): string {
  const rows = report.cases.map(
    (row: BenchCase) =>
      `| ${row.case} | ${row.unit} | ${formatNumber(row.tickwire)} | ${row.peerName ?? '-'} | ${formatNumber(row.peer)} | ${row.ratio === null ? '-' : `${row.ratio.toFixed(2)}x`} | ${row.notes ?? ''} |`,
  );
  return [
    `### ${report.name} (node ${report.node}, ${report.cpu})`,
    '',
    '| case | unit | tickwire | peer | peer figure | ratio | notes |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .sort();
const requested = process.argv.slice(2).filter((argument) => !argument.startsWith('-'));
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(1);
}

mkdirSync(resultsDir, { recursive: true });
for (const name of requested.length > 0 ? requested : available) {
  const module = (await import(pathToFileURL(`${benchDir}${name}.bench.ts`).href)) as { default: Benchmark };
  console.error(`running ${name}: ${module.default.description}`);
  const report: BenchReport = {
    name,
    node: process.version,
    cpu: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
    cases: await module.default.run(),
  };
  writeFileSync(`${resultsDir}${name}.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`${markdownTable(report)}\n`);
}
