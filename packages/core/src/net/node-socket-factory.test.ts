import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isTickwireError } from '../errors/tickwire-error';
import { openNodeSocket } from './node-socket-factory';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** An echo server on 127.0.0.1 that answers each chunk with "ack:" + chunk. */
async function echoServer(): Promise<number> {
  const server = createServer((socket) => socket.on('data', (data) => socket.end(`ack:${data.toString()}`)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}

describe('openNodeSocket', () => {
  it('resolves with a connected duplex that carries bytes both ways', async () => {
    const port = await echoServer();
    const socket = await openNodeSocket('127.0.0.1', port);
    const reply = new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      socket.on('data', (data) => chunks.push(data));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
    });
    socket.write(Buffer.from('API\0'));
    expect(await reply).toBe('ack:API\0');
  });

  it('rejects with CONNECTION_FAILED naming host and port when nothing listens', async () => {
    const port = await echoServer();
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const failure = await openNodeSocket('127.0.0.1', port).catch((error: unknown) => error);
    expect(isTickwireError(failure, 'CONNECTION_FAILED')).toBe(true);
    expect((failure as Error).message).toContain(`127.0.0.1:${port}`);
    expect((failure as Error).message).toContain('ECONNREFUSED');
  });

  it('rejects with ABORTED when the shutdown signal has fired', async () => {
    const port = await echoServer();
    const failure = await openNodeSocket('127.0.0.1', port, { signal: AbortSignal.abort() }).catch(
      (error: unknown) => error,
    );
    expect(isTickwireError(failure, 'ABORTED')).toBe(true);
  });
});
