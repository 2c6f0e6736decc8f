// Keeps a peer library on this machine: every outgoing TCP connection to a host other than loopback throws (and is
// recorded), so a URL left unpatched aborts the peer case instead of reaching the internet.
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Installs the guard; returns what it refused so far and a function that removes it. */
export function guardLoopbackOnly(): { readonly refused: string[]; readonly remove: () => void } {
  const refused: string[] = [];
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const first = args[0] as { host?: string; path?: string } | number | string;
    const host =
      typeof first === 'object' && first !== null ? first.host : typeof args[1] === 'string' ? args[1] : 'localhost';
    const isPipe = typeof first === 'object' && first !== null && typeof first.path === 'string';
    if (!isPipe && host !== undefined && !LOOPBACK.has(host) && !host.startsWith('127.')) {
      refused.push(host);
      throw new Error(`loopback guard: refused a connection to ${host}; only 127.0.0.1 is allowed in this bench`);
    }
    return (original as (...inner: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  return {
    refused,
    remove: () => {
      net.Socket.prototype.connect = original;
    },
  };
}
