import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { defineConfig } from 'tsup';

/** Every `*-worker.ts` outside `__fixtures__` becomes a flat entry, so `siblingWorkerUrl` finds it next to index.js. */
function workerEntries(directory: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || !entry.name.endsWith('-worker.ts') || path.includes('__fixtures__')) continue;
    entries[basename(entry.name, '.ts')] = relative('.', path);
  }
  return entries;
}

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts', ...workerEntries('src') },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
  splitting: false,
});
