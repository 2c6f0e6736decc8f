import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freezeRiskLimits, type RiskLimits } from '../risk/risk-limits';
import { parseRuntimeConfig } from './parse-runtime-config';

const examplesDirectory = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const configs = readdirSync(examplesDirectory)
  .map((name) => join(examplesDirectory, name, 'tickwire.config.json'))
  .filter((path) => existsSync(path));

describe('example configurations', () => {
  it('exist', () => {
    expect(configs.length).toBeGreaterThan(0);
  });

  for (const path of configs) {
    it(`${path.slice(examplesDirectory.length)} passes the runtime schema and the risk limits check`, () => {
      const config = parseRuntimeConfig(JSON.parse(readFileSync(path, 'utf8')), path);
      if (config.risk !== undefined) expect(() => freezeRiskLimits(config.risk as RiskLimits)).not.toThrow();
    });
  }
});
