// JSON modules only have a default export (the import-attributes rule); the bundler inlines the file.
import corePackageJson from '../../package.json' with { type: 'json' };

/** The version of this copy of `@tickwire/core`, as published; quoted in plugin compatibility errors. */
export const TICKWIRE_CORE_VERSION: string = corePackageJson.version;
