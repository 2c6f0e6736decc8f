import { type ConfigIssue, REDACTED } from '../errors';

/**
 * CURVE keys for the bridge's sockets, as 40-character Z85 strings (`zmq.curveKeyPair()` makes a pair; so does
 * `zmq.curve_keypair()` in pyzmq).
 */
export interface BridgeCurveKeys {
  /** The bridge's public key; clients need it as their `curveServerKey`. */
  readonly publicKey: string;
  /** The bridge's secret key. Keep it out of logs and version control. */
  readonly secretKey: string;
  /**
   * Public keys of the clients allowed to connect. Without the list, anyone who knows the bridge's public key can
   * connect; it is therefore required when the intent endpoint is not on loopback.
   */
  readonly allowedClientKeys?: readonly string[];
}

const z85KeyPattern = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

/**
 * True when the endpoint can only be reached from this machine: `ipc://`, `inproc://`, or `tcp://` on 127.0.0.0/8,
 * `[::1]` or `localhost`. Anything else (`*`, `0.0.0.0`, an interface name, a LAN address) counts as exposed.
 */
export function isLoopbackEndpoint(endpoint: string): boolean {
  const match = /^([a-z]+):\/\/(.*)$/.exec(endpoint);
  if (match === null) return false;
  const [, transport, address] = match as unknown as [string, string, string];
  if (transport === 'ipc' || transport === 'inproc') return true;
  if (transport !== 'tcp') return false;
  const host = /^\[([^\]]*)\]:[^:]+$/.exec(address)?.[1] ?? /^([^:[\]]*):[^:]+$/.exec(address)?.[1];
  if (host === undefined) return false;
  if (host === 'localhost' || host === '::1' || host === '::ffff:127.0.0.1') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets?.slice(1).every((octet) => Number(octet) <= 255) === true;
}

/** What the bind policy looks at. */
export interface BindPolicyInput {
  readonly publishEndpoint: string;
  /** Null when the bridge takes no intents. */
  readonly intentEndpoint: string | null;
  readonly curve: BridgeCurveKeys | undefined;
}

/**
 * Lists why the bridge must refuse to start with these endpoints and keys: a non-loopback endpoint without CURVE
 * keys, a non-loopback intent endpoint without an allow-list of client keys, or a malformed key. An empty list
 * means the bridge may bind. Nothing is bound while checking.
 */
export function bindPolicyIssues(input: BindPolicyInput): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const curve = input.curve;
  const endpoints: [string, string][] = [['publishEndpoint', input.publishEndpoint]];
  if (input.intentEndpoint !== null) endpoints.push(['intentEndpoint', input.intentEndpoint]);
  for (const [fieldPath, endpoint] of endpoints) {
    if (!/^[a-z]+:\/\/./.test(endpoint)) {
      issues.push({
        fieldPath,
        value: endpoint,
        problem: 'is not a ZeroMQ endpoint',
        fix: 'use tcp://127.0.0.1:<port> or ipc:///path/to/socket',
      });
      continue;
    }
    if (isLoopbackEndpoint(endpoint) || curve !== undefined) continue;
    issues.push({
      fieldPath,
      value: endpoint,
      problem:
        'is reachable from other machines and no CURVE keys were given, so anyone on the network could read ticks or send orders',
      fix: 'bind to tcp://127.0.0.1:<port> or ipc://, or pass curve: { publicKey, secretKey, allowedClientKeys } (make keys with zmq.curveKeyPair())',
    });
  }
  if (curve === undefined) return issues;
  for (const [fieldPath, key] of [
    ['curve.publicKey', curve.publicKey],
    ['curve.secretKey', curve.secretKey],
  ] as const) {
    if (typeof key !== 'string' || !z85KeyPattern.test(key)) {
      issues.push({
        fieldPath,
        value: fieldPath === 'curve.secretKey' ? REDACTED : key,
        problem: 'is not a 40-character Z85 CURVE key',
        fix: 'make a key pair with zmq.curveKeyPair() and pass its publicKey and secretKey',
      });
    }
  }
  (curve.allowedClientKeys ?? []).forEach((key, index) => {
    if (typeof key === 'string' && z85KeyPattern.test(key)) return;
    issues.push({
      fieldPath: `curve.allowedClientKeys[${index}]`,
      value: key,
      problem: 'is not a 40-character Z85 CURVE public key',
      fix: "list each client's public key as printed by zmq.curveKeyPair() or zmq.curve_keypair()",
    });
  });
  const exposedIntents = input.intentEndpoint !== null && !isLoopbackEndpoint(input.intentEndpoint);
  if (exposedIntents && (curve.allowedClientKeys === undefined || curve.allowedClientKeys.length === 0)) {
    issues.push({
      fieldPath: 'curve.allowedClientKeys',
      value: curve.allowedClientKeys,
      problem: `is empty while intentEndpoint ${input.intentEndpoint} is reachable from other machines: anyone who knows the public key could send orders`,
      fix: 'list the public keys of the clients allowed to send intents',
    });
  }
  return issues;
}
