import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors/config-error';

function configProblem(path: string, value: unknown, problem: string, fix: string): ConfigError {
  return new ConfigError({ subject: `config file ${path}`, issues: [{ fieldPath: '', value, problem, fix }] });
}

/**
 * Reads a configuration file: JSON (`.json`), or a JS module (`.js`, `.mjs`, `.cjs`) whose default export is the
 * config object or a function returning it, for apps that compute their config.
 *
 * @throws ConfigError when the file is missing, unreadable, not valid JSON (with line and column), or exports no
 *   config.
 */
export async function loadConfigFile(path: string): Promise<unknown> {
  const absolute = resolve(path);
  const extension = extname(absolute);
  if (['.js', '.mjs', '.cjs'].includes(extension)) {
    const namespace = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
    const exported = typeof namespace.default === 'function' ? await namespace.default() : namespace.default;
    if (typeof exported !== 'object' || exported === null) {
      throw configProblem(
        path,
        exported,
        'the module has no default export holding a config object',
        'export default { connectors: [...] }',
      );
    }
    return exported;
  }
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw configProblem(
      path,
      undefined,
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the path given to --config',
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    let where = '';
    if (position !== null) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      where = ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
    }
    throw configProblem(
      path,
      undefined,
      `not valid JSON${where}: ${(error as Error).message}`,
      'fix the JSON syntax (no comments or trailing commas)',
    );
  }
}
