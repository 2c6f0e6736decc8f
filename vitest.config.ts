import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against each package's source, never a stale dist/.
    alias: [
      { find: /^@tickwire\/([a-z-]+)\/testing$/, replacement: `${packagesDir}$1/src/testing/index.ts` },
      { find: /^@tickwire\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: worker-thread tests measure nothing, but must not starve each other.
    maxWorkers: 2,
  },
});
