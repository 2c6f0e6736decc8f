import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The keyword a connector package lists in its package.json so `tickwire connectors` can find it. */
export const CONNECTOR_KEYWORD = 'tickwire-connector';

function nodeModulesChain(start: string): string[] {
  const found: string[] = [];
  let directory = start;
  for (;;) {
    const candidate = join(directory, 'node_modules');
    if (existsSync(candidate)) found.push(candidate);
    const parent = dirname(directory);
    if (parent === directory) return found;
    directory = parent;
  }
}

function packageDirectories(nodeModules: string): string[] {
  const directories: string[] = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(path, { withFileTypes: true })) directories.push(join(path, scoped.name));
    } else {
      directories.push(path);
    }
  }
  return directories;
}

/**
 * Names of installed packages that declare the `tickwire-connector` keyword, found in every node_modules from
 * `searchFrom` up to the filesystem root, sorted and without duplicates.
 */
export function findInstalledConnectorPackages(searchFrom: string = process.cwd()): string[] {
  const names = new Set<string>();
  for (const nodeModules of nodeModulesChain(searchFrom)) {
    for (const directory of packageDirectories(nodeModules)) {
      const manifestPath = join(directory, 'package.json');
      if (!existsSync(manifestPath)) continue;
      try {
        const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: unknown; keywords?: unknown };
        if (typeof manifest.name === 'string' && Array.isArray(manifest.keywords)) {
          if (manifest.keywords.includes(CONNECTOR_KEYWORD)) names.add(manifest.name);
        }
      } catch {
        // An unreadable package.json is some other package's problem, not a connector.
      }
    }
  }
  return [...names].sort();
}
