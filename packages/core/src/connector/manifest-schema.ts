import { z } from 'zod';
import type { AssetClass } from '../domain/instrument';
import type { OrderClass, OrderType, TimeInForce } from '../domain/order-request';
import { PluginError } from '../errors/plugin-error';
import type { DataKind, TradingMode } from './capabilities';
import { SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS } from './specification-version';

// Records keyed by each union make the compiler fail here when a domain union gains a member.
const ASSET_CLASSES: Record<AssetClass, true> = { equity: true, option: true, future: true, fx: true, crypto: true };
const ORDER_TYPES: Record<OrderType, true> = {
  market: true,
  limit: true,
  stop: true,
  stop_limit: true,
  trailing_stop: true,
};
const TIME_IN_FORCE: Record<TimeInForce, true> = {
  day: true,
  gtc: true,
  ioc: true,
  fok: true,
  opg: true,
  cls: true,
  gtd: true,
  pre: true,
  post: true,
};
const ORDER_CLASSES: Record<OrderClass, true> = { simple: true, bracket: true, oco: true, oto: true };
const DATA_KIND_KEYS: Record<DataKind, true> = { quotes: true, trades: true, bars: true, book: true };
const TRADING_MODES: Record<TradingMode, true> = { paper: true, live: true };

const enumOf = <T extends string>(record: Record<T, true>) => z.enum(Object.keys(record) as [T, ...T[]]);
const uniqueList = <T extends string>(record: Record<T, true>) =>
  z.array(enumOf(record)).refine((values) => new Set(values).size === values.length, 'must not repeat a value');

const rateLimitBucketSchema = z.object({
  name: z.string().min(1),
  capacity: z.number().positive().finite(),
  refillPerSecond: z.number().positive().finite(),
  scope: z.enum(['connection', 'account', 'ip']).optional(),
  description: z.string().optional(),
});

const capabilitiesSchema = z
  .object({
    assetClasses: uniqueList(ASSET_CLASSES),
    orderTypes: uniqueList(ORDER_TYPES),
    timeInForce: uniqueList(TIME_IN_FORCE),
    orderClasses: uniqueList(ORDER_CLASSES),
    dataKinds: uniqueList(DATA_KIND_KEYS),
    tradingModes: uniqueList(TRADING_MODES).min(1, 'must list "paper", "live" or both'),
    idempotentClientOrderIds: z.boolean(),
    clientOrderIdMaxLength: z.int().positive().optional(),
    replaceOrders: z.boolean(),
    cancelAllOrders: z.boolean(),
    reconciliation: z.boolean(),
    notionalOrders: z.boolean(),
    fractionalQuantity: z.boolean(),
    extendedHours: z.boolean(),
    maxSubscribedSymbols: z.int().positive().optional(),
    rateLimitBuckets: z
      .array(rateLimitBucketSchema)
      .refine(
        (buckets) => new Set(buckets.map((bucket) => bucket.name)).size === buckets.length,
        'bucket names must be unique',
      ),
  })
  .refine((capabilities) => capabilities.orderTypes.length === 0 || capabilities.orderClasses.includes('simple'), {
    message: 'a connector that trades must list "simple" in orderClasses',
    path: ['orderClasses'],
  })
  .refine((capabilities) => capabilities.orderTypes.length === 0 || capabilities.timeInForce.length > 0, {
    message: 'a connector that trades must list at least one timeInForce',
    path: ['timeInForce'],
  });

// npm's rules: lowercase, optional scope, no leading dot or underscore, at most 214 characters.
const NPM_PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const manifestSchema = z.object({
  packageName: z.string().max(214).regex(NPM_PACKAGE_NAME, 'must be a valid npm package name'),
  version: z.string().regex(SEMVER, 'must be a semver version such as 1.2.3'),
  specificationVersion: z.enum(SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS as [string, ...string[]]),
  tickSourceId: z.int().min(1).max(255),
  displayName: z.string().min(1),
  description: z.string().optional(),
  capabilities: capabilitiesSchema,
  configSchema: z.custom<z.ZodType>(isZodSchema, 'must be a zod v4 schema (an object with safeParse)'),
  secretConfigKeys: z.array(z.string()).optional(),
});

/** True for anything that looks like a zod schema (checked by shape, so another copy of zod works too). */
export function isZodSchema(value: unknown): value is z.ZodType {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { safeParse?: unknown }).safeParse === 'function' &&
    '_zod' in value
  );
}

/**
 * Every problem with a manifest, one line each (`capabilities.orderTypes[2]: Invalid option: ...`); empty when it is
 * valid. Checks shapes, enum values, ranges, and the consistency rules of the capabilities.
 */
export function manifestProblems(manifest: unknown): string[] {
  const result = manifestSchema.safeParse(manifest);
  if (result.success) return [];
  return result.error.issues.map((issue) => `manifest${formatPath(issue.path)}: ${issue.message}`);
}

/** Throws a `PLUGIN_SPEC_UNSUPPORTED` {@link PluginError} listing every manifest problem, if there is any. */
export function assertValidManifest(manifest: unknown, packageName: string): void {
  const problems = manifestProblems(manifest);
  if (problems.length === 0) return;
  const version = (manifest as { version?: unknown } | undefined)?.version;
  throw new PluginError({
    code: 'PLUGIN_SPEC_UNSUPPORTED',
    packageName,
    ...(typeof version === 'string' ? { packageVersion: version } : {}),
    specificationVersion: (manifest as { specificationVersion?: unknown } | undefined)?.specificationVersion,
    supportedSpecificationVersions: SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS,
    message:
      `Connector plugin "${packageName}" has a malformed manifest (${problems.length} problem` +
      `${problems.length === 1 ? '' : 's'}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n` +
      `Fix the manifest passed to defineConnector() in "${packageName}", or install a release of it that loads.`,
  });
}

/** `['a', 0, 'b']` as `.a[0].b`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`)).join('');
}
