/** What stands in for a secret value wherever tickwire echoes configuration or log fields. */
export const REDACTED = '[redacted]';

/**
 * Field names that hold credentials, matched case-insensitively against the name with `_`/`-` removed
 * (`secret_key`, `APCA-API-SECRET-KEY`, `privateKeyPem`, `sessionId`, `jwt` all match).
 */
const SECRET_NAME_PATTERN =
  /(secret|password|passwd|passphrase|token|apikey|keyid|accesskey|privatekey|signingkey|credential|authorization|cookie|jwt|sessionid|bearer|^auth$|^key$)/i;

/** Options for {@link redact}. */
export interface RedactOptions {
  /** More field names to treat as secret, matched exactly (case-insensitive), for names the pattern misses. */
  readonly secretKeys?: Iterable<string>;
  /** Deeper levels are replaced by `'[truncated]'`. Default 8. */
  readonly maxDepth?: number;
}

/**
 * True when a field with this name holds a credential by tickwire's naming rules, or is listed in `extraSecretKeys`.
 */
export function isSecretKey(name: string, extraSecretKeys?: ReadonlySet<string>): boolean {
  const normalized = name.replace(/[-_]/g, '');
  return SECRET_NAME_PATTERN.test(normalized) || (extraSecretKeys?.has(name.toLowerCase()) ?? false);
}

/**
 * A copy of `value` that is safe to print: every field whose name looks like a credential (see {@link isSecretKey})
 * is replaced by {@link REDACTED}, at any depth, and credentials inside URLs (`user:pass@`, `?token=`) are masked.
 * Use it for every echo of configuration in errors and logs.
 *
 * @example
 * ```ts
 * redact({ keyId: 'PK123', secretKey: 'abc', paper: true }); // { keyId: '[redacted]', secretKey: '[redacted]', paper: true }
 * ```
 */
export function redact<T>(value: T, options: RedactOptions = {}): T {
  const extra = new Set([...(options.secretKeys ?? [])].map((key) => key.toLowerCase()));
  return redactAt(value, extra, options.maxDepth ?? 8, new WeakSet()) as T;
}

/**
 * The printable form of one value found at `fieldPath` (e.g. `['credentials', 'secretKey']`): {@link REDACTED} with
 * its type when any segment of the path names a secret, else the value itself, redacted like {@link redact}.
 */
export function redactAtPath(fieldPath: readonly PropertyKey[], value: unknown, options: RedactOptions = {}): unknown {
  const extra = new Set([...(options.secretKeys ?? [])].map((key) => key.toLowerCase()));
  const secret = fieldPath.some((segment) => typeof segment === 'string' && isSecretKey(segment, extra));
  if (secret) return value === undefined ? undefined : `${REDACTED} (${describeType(value)})`;
  return redact(value, options);
}

/**
 * `text` with every occurrence of each known secret value masked. The logger uses it so that a secret that slipped
 * into a message (an echoed URL, a broker's error text) is still hidden. Secrets shorter than 4 characters are
 * ignored: masking them would garble ordinary text and hides nothing worth hiding.
 */
export function maskSecretValues(text: string, secretValues: Iterable<string>): string {
  let masked = text;
  for (const secretValue of secretValues) {
    if (secretValue.length < 4) continue;
    masked = masked.split(secretValue).join(REDACTED);
  }
  return masked;
}

/** {@link maskSecretValues} applied to every string inside `value` (a copy; at most `maxDepth` levels deep). */
export function maskSecretValuesDeep(value: unknown, secretValues: readonly string[], maxDepth = 8): unknown {
  if (typeof value === 'string') return maskSecretValues(value, secretValues);
  if (maxDepth <= 0 || typeof value !== 'object' || value === null || secretValues.length === 0) return value;
  if (Array.isArray(value)) return value.map((item) => maskSecretValuesDeep(item, secretValues, maxDepth - 1));
  if (value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, maskSecretValuesDeep(item, secretValues, maxDepth - 1)]),
  );
}

/** Masks `user:password@` and credential-named query parameters in a URL-looking string. */
export function redactUrl(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, `$1${REDACTED}@`)
    .replace(/([?&])([^=&#\s]+)=([^&#\s]*)/g, (whole, separator: string, name: string) =>
      isSecretKey(name) ? `${separator}${name}=${REDACTED}` : whole,
    );
}

/**
 * Every string value held under a secret-named field of `value`, at any depth: hand them to the logger as
 * `secretValues` so they are masked even where they appear outside their field (a URL, a broker's error text).
 */
export function collectSecretValues(value: unknown, options: RedactOptions = {}): string[] {
  const extra = new Set([...(options.secretKeys ?? [])].map((key) => key.toLowerCase()));
  const found: string[] = [];
  const visit = (node: unknown, underSecret: boolean, depth: number, seen: WeakSet<object>): void => {
    if (typeof node === 'string') {
      if (underSecret && node.length > 0) found.push(node);
      return;
    }
    if (typeof node !== 'object' || node === null || depth <= 0 || seen.has(node)) return;
    seen.add(node);
    for (const [key, item] of Object.entries(node)) {
      visit(item, underSecret || isSecretKey(key, extra), depth - 1, seen);
    }
  };
  visit(value, false, options.maxDepth ?? 8, new WeakSet());
  return found;
}

function redactAt(value: unknown, extra: ReadonlySet<string>, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return value.includes('://') ? redactUrl(value) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth <= 0) return '[truncated]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactAt(item, extra, depth - 1, seen));
  if (value instanceof Date || value instanceof RegExp) return value;
  if (value instanceof Map) {
    return new Map(
      [...value].map(([key, item]) => [
        key,
        typeof key === 'string' && isSecretKey(key, extra) ? REDACTED : redactAt(item, extra, depth - 1, seen),
      ]),
    );
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key, extra) && item !== undefined ? REDACTED : redactAt(item, extra, depth - 1, seen);
  }
  return copy;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
