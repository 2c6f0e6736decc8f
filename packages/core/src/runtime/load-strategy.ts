import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors/config-error';
import { createExampleStrategy, type ExampleStrategyOptions } from '../strategy/example-strategy';
import type { Strategy, StrategyFactory } from '../strategy/strategy';

/** The strategies shipped with core, by their `builtin:` name. */
const BUILT_IN_STRATEGIES: Record<string, StrategyFactory> = {
  example: (options) => createExampleStrategy((options ?? {}) as ExampleStrategyOptions),
};

/**
 * Loads the strategy named by a config entry: `builtin:<name>`, a file path (relative to `baseDirectory`), or a
 * package name, whose default export is a {@link StrategyFactory}.
 */
export async function loadStrategy(
  module: string,
  options: unknown,
  fieldPath: string,
  baseDirectory: string,
): Promise<Strategy> {
  if (module.startsWith('builtin:')) {
    const factory = BUILT_IN_STRATEGIES[module.slice('builtin:'.length)];
    if (factory === undefined) {
      throw new ConfigError({
        subject: 'strategies',
        issues: [
          {
            fieldPath,
            value: module,
            problem: 'no such built-in strategy',
            fix: `use one of ${Object.keys(BUILT_IN_STRATEGIES)
              .map((name) => `"builtin:${name}"`)
              .join(', ')}, or a module path`,
          },
        ],
      });
    }
    return factory(options);
  }
  const specifier =
    module.startsWith('.') || isAbsolute(module)
      ? pathToFileURL(isAbsolute(module) ? module : resolve(baseDirectory, module)).href
      : module;
  const namespace = (await import(specifier)) as { default?: unknown };
  if (typeof namespace.default !== 'function') {
    throw new ConfigError({
      subject: 'strategies',
      issues: [
        {
          fieldPath,
          value: module,
          problem: 'the module has no default export that is a strategy factory',
          fix: 'export default defineStrategy((options) => ({ name, onTick, ... })) from the module',
        },
      ],
    });
  }
  return (namespace.default as StrategyFactory)(options);
}
