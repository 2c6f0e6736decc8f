import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStateChange } from '../connector/connection-state';
import { isTickwireError, TickwireError } from '../errors/tickwire-error';
import { type LoopbackWsServer, startLoopbackWsServer, waitFor } from './__fixtures__/loopback-ws-server';
import { backoffCeilingMs } from './backoff';
import { openNodeWebSocket } from './node-websocket-factory';
import { ReconnectingWebSocket } from './reconnecting-websocket';
import type { ReconnectScheduled } from './reconnecting-websocket-options';
import { SubscriptionSet } from './subscription-set';
import type { WebSocketFactory } from './websocket-like';

const servers: LoopbackWsServer[] = [];
const sockets: ReconnectingWebSocket[] = [];

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function server(options: Parameters<typeof startLoopbackWsServer>[0] = {}): Promise<LoopbackWsServer> {
  const started = await startLoopbackWsServer(options);
  servers.push(started);
  return started;
}

/** Counts every socket the factory opens, so a test can prove reconnecting stopped. */
function countingFactory(): { factory: WebSocketFactory; opened: () => number } {
  let opened = 0;
  return {
    factory: (url, protocols, options) => {
      opened++;
      return openNodeWebSocket(url, protocols, options);
    },
    opened: () => opened,
  };
}

const policy = { initialDelayMs: 20, maxDelayMs: 80, multiplier: 2 };

describe('ReconnectingWebSocket', () => {
  it('reconnects after the server kills the connection, with jittered backoff, and resubscribes in onOpen', async () => {
    const feed = await server({
      onConnection: (socket) =>
        socket.on('message', (data) => {
          if (data.toString().startsWith('auth')) socket.send('authorized');
        }),
    });
    const wanted = new SubscriptionSet();
    wanted.add(['AAPL', 'MSFT'], ['quotes']);
    const states: ConnectionStateChange[] = [];
    const scheduled: ReconnectScheduled[] = [];
    const opens: boolean[] = [];
    const socket: ReconnectingWebSocket = new ReconnectingWebSocket({
      url: feed.url,
      openWebSocket: openNodeWebSocket,
      backoff: policy,
      random: () => 0.5,
      onReconnectScheduled: (info) => scheduled.push(info),
      onOpen: async ({ isReconnect }) => {
        opens.push(isReconnect);
        socket.send('auth key');
        await socket.nextMessage((data) => data.toString() === 'authorized', 2_000);
        for (const [kind, symbols] of wanted.byChannel()) socket.send(`subscribe ${kind} ${symbols.join(',')}`);
      },
      onMessage: () => {},
    });
    sockets.push(socket);
    socket.onStateChange((change) => states.push(change));

    await socket.connect();
    expect(socket.state).toBe('connected');
    wanted.add(['TSLA'], ['trades']);
    socket.send('subscribe trades TSLA');

    feed.killClients();
    await waitFor(() => feed.connections.length === 2 && socket.state === 'connected', 'the second connection');
    await waitFor(() => feed.received.filter((frame) => frame.connectionIndex === 1).length === 3, 'resubscription');

    expect(opens).toEqual([false, true]);
    expect(feed.received.filter((frame) => frame.connectionIndex === 1).map((frame) => frame.text)).toEqual([
      'auth key',
      'subscribe quotes AAPL,MSFT',
      'subscribe trades TSLA',
    ]);
    expect(states.map((change) => change.current)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(states[2]?.error?.code).toBe('CONNECTION_FAILED');
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]?.retryIndex).toBe(0);
    expect(scheduled[0]?.delayMs).toBe(Math.floor(0.5 * backoffCeilingMs(0, policy)));
  });

  it('backs off exponentially while the server is down, then reconnects when it returns on the same port', async () => {
    const first = await server();
    const port = first.port;
    const scheduled: ReconnectScheduled[] = [];
    const socket = new ReconnectingWebSocket({
      url: first.url,
      openWebSocket: openNodeWebSocket,
      backoff: policy,
      random: () => 0.99,
      onReconnectScheduled: (info) => scheduled.push(info),
      onMessage: () => {},
    });
    sockets.push(socket);
    await socket.connect();

    await first.stop();
    servers.splice(servers.indexOf(first), 1);
    await waitFor(() => scheduled.length >= 4, 'four scheduled reconnects');
    expect(socket.state).toBe('reconnecting');
    const indexes = scheduled.slice(0, 4).map((info) => info.retryIndex);
    expect(indexes).toEqual([0, 1, 2, 3]);
    // Ceilings 20, 40, 80 (capped), 80: full jitter at random 0.99 stays just under each.
    expect(scheduled.slice(0, 4).map((info) => info.delayMs)).toEqual([19, 39, 79, 79]);
    expect(scheduled[1]?.error.message).toContain('ECONNREFUSED');

    const second = await server({ port });
    await waitFor(() => socket.state === 'connected', 'reconnection to the restarted server');
    expect(second.connections).toHaveLength(1);
  });

  it('gives up after maxAttempts consecutive failures and stops trying', async () => {
    const gone = await server();
    const url = gone.url;
    await gone.stop();
    servers.splice(0);
    const { factory, opened } = countingFactory();
    const socket = new ReconnectingWebSocket({
      url,
      openWebSocket: factory,
      backoff: { initialDelayMs: 1, maxDelayMs: 5, multiplier: 2 },
      maxAttempts: 3,
      onMessage: () => {},
    });
    sockets.push(socket);
    const failure = await socket.connect().catch((error: unknown) => error);
    expect(isTickwireError(failure, 'CONNECTION_FAILED')).toBe(true);
    expect(socket.state).toBe('failed');
    expect(opened()).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(opened()).toBe(3);
  });

  it('stops at once on a non-retryable error from onOpen (bad credentials)', async () => {
    const feed = await server();
    const { factory, opened } = countingFactory();
    const socket = new ReconnectingWebSocket({
      url: feed.url,
      openWebSocket: factory,
      onOpen: () => {
        throw new TickwireError({ code: 'AUTH_FAILED', message: 'key PK1 refused' });
      },
      onMessage: () => {},
    });
    sockets.push(socket);
    const failure = await socket.connect().catch((error: unknown) => error);
    expect(isTickwireError(failure, 'AUTH_FAILED')).toBe(true);
    expect(socket.state).toBe('failed');
    expect(opened()).toBe(1);
  });

  it('treats an HTTP 401 on the upgrade as AUTH_FAILED', async () => {
    const feed = await server({ refuseWithStatus: 401 });
    const socket = new ReconnectingWebSocket({ url: feed.url, openWebSocket: openNodeWebSocket, onMessage: () => {} });
    sockets.push(socket);
    const failure = await socket.connect().catch((error: unknown) => error);
    expect(isTickwireError(failure, 'AUTH_FAILED')).toBe(true);
    expect((failure as Error).message).toContain('HTTP 401');
  });

  it('delivers text and binary frames as bytes with the isBinary flag', async () => {
    const feed = await server({
      onConnection: (client) => {
        client.send('{"T":"q"}');
        client.send(Buffer.from([1, 2, 3]));
      },
    });
    const frames: { text: string; isBinary: boolean }[] = [];
    const socket = new ReconnectingWebSocket({
      url: feed.url,
      openWebSocket: openNodeWebSocket,
      onMessage: (data, isBinary) => frames.push({ text: isBinary ? [...data].join(',') : data.toString(), isBinary }),
    });
    sockets.push(socket);
    await socket.connect();
    await waitFor(() => frames.length === 2, 'two frames');
    expect(frames).toEqual([
      { text: '{"T":"q"}', isBinary: false },
      { text: '1,2,3', isBinary: true },
    ]);
  });

  it('close() sends a normal close, ends in disconnected, and never reconnects', async () => {
    const closes: number[] = [];
    const feed = await server({ onConnection: (client) => client.on('close', (code) => closes.push(code)) });
    const { factory, opened } = countingFactory();
    const socket = new ReconnectingWebSocket({ url: feed.url, openWebSocket: factory, onMessage: () => {} });
    sockets.push(socket);
    await socket.connect();
    await socket.close();
    await waitFor(() => closes.length === 1, 'the server to see the close');
    expect(closes).toEqual([1000]);
    expect(socket.state).toBe('disconnected');
    expect(() => socket.send('x')).toThrow(/no socket is open/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(opened()).toBe(1);
  });

  it('reconnect() drops a live connection on request (a silent feed) and comes back', async () => {
    const feed = await server();
    const socket = new ReconnectingWebSocket({
      url: feed.url,
      openWebSocket: openNodeWebSocket,
      backoff: policy,
      onMessage: () => {},
    });
    sockets.push(socket);
    await socket.connect();
    socket.reconnect('no data for 5000 ms');
    expect(socket.state).toBe('reconnecting');
    await waitFor(() => socket.state === 'connected' && feed.connections.length === 2, 'the new connection');
  });

  it('aborting the shutdown signal closes it and rejects a pending connect', async () => {
    const gone = await server();
    const url = gone.url;
    await gone.stop();
    servers.splice(0);
    const shutdown = new AbortController();
    const socket = new ReconnectingWebSocket({
      url,
      openWebSocket: openNodeWebSocket,
      backoff: { initialDelayMs: 50, maxDelayMs: 50, multiplier: 1 },
      signal: shutdown.signal,
      onMessage: () => {},
    });
    sockets.push(socket);
    const pending = socket.connect().catch((error: unknown) => error);
    await waitFor(() => socket.state === 'reconnecting', 'the first failure');
    shutdown.abort();
    expect(isTickwireError(await pending, 'ABORTED')).toBe(true);
    expect(socket.state).toBe('disconnected');
  });
});
