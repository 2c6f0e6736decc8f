import { connect, type Socket } from 'node:net';
import { TickwireError } from '../errors/tickwire-error';
import type { SocketFactory, SocketLike } from './socket-like';

/**
 * The host's default {@link SocketFactory}, built on `node:net`: resolves with a connected socket with Nagle off,
 * or rejects with `CONNECTION_FAILED` (refused, unreachable), `TIMEOUT` or `ABORTED`, naming host and port.
 */
export const openNodeSocket: SocketFactory = (host, port, options = {}) => {
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  const where = `${host}:${port}`;
  return new Promise<SocketLike>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(abortedError(where));
      return;
    }
    const socket: Socket = connect({ host, port });
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: TickwireError) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onConnect = () => {
      cleanup();
      socket.setNoDelay(options.noDelay ?? true);
      resolve(socket satisfies SocketLike);
    };
    const onError = (error: Error) =>
      fail(
        new TickwireError({
          code: 'CONNECTION_FAILED',
          message: `Could not open a TCP connection to ${where}: ${error.message}. Check that the server (e.g. TWS or IB Gateway) is running and accepts API connections on that port.`,
          cause: error,
          details: { host, port },
        }),
      );
    const onAbort = () => fail(abortedError(where));
    const timer = setTimeout(
      () =>
        fail(
          new TickwireError({
            code: 'TIMEOUT',
            message: `No TCP connection to ${where} after ${timeoutMs} ms. Check the host and port, and any firewall between; raise connectTimeoutMs if the link is slow.`,
            details: { host, port, timeoutMs },
          }),
        ),
      timeoutMs,
    );
    socket.once('connect', onConnect);
    socket.once('error', onError);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
};

function abortedError(where: string): TickwireError {
  return new TickwireError({
    code: 'ABORTED',
    message: `Connecting to ${where} was abandoned because the host is shutting down; nothing to do.`,
  });
}
