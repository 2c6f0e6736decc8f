import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'fake-broker': 'src/skeleton-fake-broker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The core is a peer dependency: the host's copy is used, never a bundled one.
  external: [/^@tickwire\//, 'ws', 'zod'],
});
