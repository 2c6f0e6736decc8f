import * as zmq from 'zeromq';

const z85Alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';

/** Decodes a Z85 string (length a multiple of 5) into bytes, as ZeroMQ's `zmq_z85_decode` does. */
export function decodeZ85(text: string): Buffer {
  const bytes = Buffer.alloc((text.length / 5) * 4);
  for (let block = 0; block < text.length / 5; block++) {
    let value = 0;
    for (let digit = 0; digit < 5; digit++) value = value * 85 + z85Alphabet.indexOf(text[block * 5 + digit]!);
    bytes.writeUInt32BE(value >>> 0, block * 4);
  }
  return bytes;
}

/** The ZAP domain the bridge's sockets announce. */
export const BRIDGE_ZAP_DOMAIN = 'tickwire';

/**
 * A ZAP handler (ZeroMQ RFC 27) that lets in only the listed CURVE client keys. libzmq asks the handler bound at
 * `inproc://zeromq.zap.01` of the socket's context about every CURVE handshake; without a handler, CURVE accepts any
 * client that knows the server's public key, which is public by nature.
 *
 * One per ZeroMQ context: the bridge gives itself a context of its own so two bridges in one process do not clash.
 */
export class CurveAuthenticator {
  private readonly socket: zmq.Router;
  private readonly allowed: readonly Buffer[];
  private deniedCount = 0;
  private loop: Promise<void> | null = null;

  constructor(context: zmq.Context, allowedClientKeys: readonly string[]) {
    this.socket = new zmq.Router({ context, linger: 0, sendTimeout: 0 });
    this.allowed = allowedClientKeys.map(decodeZ85);
  }

  /** Handshakes refused so far. */
  get denied(): number {
    return this.deniedCount;
  }

  /** Binds the handler; call before the bridge's sockets bind. */
  async start(): Promise<void> {
    await this.socket.bind('inproc://zeromq.zap.01');
    this.loop = this.serve();
  }

  /** Closes the handler. */
  async stop(): Promise<void> {
    this.socket.close();
    await this.loop;
  }

  private async serve(): Promise<void> {
    while (!this.socket.closed) {
      let frames: Buffer[];
      try {
        frames = await this.socket.receive();
      } catch {
        if (this.socket.closed) return;
        continue;
      }
      // [routing id, empty, version, request id, domain, address, identity, mechanism, credentials...]
      const [routingId, delimiter, , requestId, , , , mechanism, clientKey] = frames;
      if (routingId === undefined || delimiter === undefined || requestId === undefined) continue;
      const allowed =
        mechanism?.toString() === 'CURVE' &&
        clientKey !== undefined &&
        this.allowed.some((key) => key.equals(clientKey));
      if (!allowed) this.deniedCount++;
      const status = allowed ? ['200', 'OK'] : ['400', 'client key not allowed'];
      await this.socket.send([routingId, delimiter, '1.0', requestId, ...status, '', '']).catch(() => {});
    }
  }
}
