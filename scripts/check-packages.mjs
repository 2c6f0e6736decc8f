// Release check for every published package: the exports map points at files the build produced, `types` comes
// first in every condition, a README exists, and `npm pack` ships only what a user needs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = JSON.parse(readFileSync('package.json', 'utf8'));
const allowed = [/^package\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^LICENSE$/, /^dist\//];
const problems = [];

function walkExports(directory, name, value, path) {
  if (typeof value === 'string') {
    if (!existsSync(join(directory, value))) problems.push(`${name}: exports ${path} -> ${value} does not exist`);
    return;
  }
  const keys = Object.keys(value);
  if (keys.includes('types') && keys[0] !== 'types') problems.push(`${name}: exports ${path} must list "types" first`);
  for (const key of keys) walkExports(directory, name, value[key], `${path}.${key}`);
}

for (const directory of root.workspaces) {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  const name = manifest.name;
  if (!manifest.exports) problems.push(`${name}: no exports map`);
  else walkExports(directory, name, manifest.exports, 'exports');
  if (!existsSync(join(directory, 'README.md'))) problems.push(`${name}: no README.md`);
  if (manifest.publishConfig?.access !== 'public') problems.push(`${name}: publishConfig.access must be "public"`);
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: directory }).toString(),
  );
  for (const file of pack.files) {
    if (!allowed.some((pattern) => pattern.test(file.path))) problems.push(`${name}: npm pack would ship ${file.path}`);
    if (/\.test\.|__fixtures__/.test(file.path)) {
      problems.push(`${name}: npm pack would ship test material ${file.path}`);
    }
  }
  console.log(`${name}@${manifest.version}: ${pack.files.length} files, ${(pack.unpackedSize / 1024).toFixed(0)} KiB`);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
