import { hostname } from 'node:os';
import { join } from 'node:path';
import type { StoreFileSystem } from './store-file-system';
import { nodeStoreFileSystem } from './store-file-system';
import { messageOf, systemErrorCode, TickStoreError } from './tick-store-error';

/** Name of the lock file a tick store keeps in its directory while it writes. */
export const STORE_LOCK_FILE_NAME = '.tickwire-store.lock';

/** What a store lock file holds (JSON). */
export interface StoreLockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** ISO time the lock was taken. */
  readonly since: string;
}

/** A held directory lock; {@link StoreLock.release} gives it back. */
export interface StoreLock {
  readonly path: string;
  /** The stale owner this lock replaced (its process was gone), if any, for the store to report. */
  readonly recoveredFrom: StoreLockOwner | undefined;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else. Only ESRCH means it is gone.
    return systemErrorCode(error) === 'EPERM';
  }
}

function readOwner(fileSystem: StoreFileSystem, path: string): StoreLockOwner | undefined {
  try {
    const parsed = JSON.parse(fileSystem.readFileSync(path, 'utf8')) as Partial<StoreLockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return undefined;
    return { pid: parsed.pid, hostname: parsed.hostname, since: String(parsed.since) };
  } catch {
    return undefined;
  }
}

function writeOwner(fileSystem: StoreFileSystem, path: string, owner: StoreLockOwner): void {
  const fd = fileSystem.openSync(path, 'wx', 0o644);
  try {
    const bytes = new TextEncoder().encode(`${JSON.stringify(owner)}\n`);
    fileSystem.writeSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    fileSystem.closeSync(fd);
  }
}

/**
 * Takes the single-writer lock of a store directory: a `.tickwire-store.lock` file created with O_EXCL that names
 * the owner's pid and host. A lock left by a process that no longer exists (killed, crashed) is taken over and
 * reported through {@link StoreLock.recoveredFrom}.
 *
 * Limits: liveness is checked with `kill(pid, 0)`, so a lock written on another host (a shared network
 * directory) is never taken over automatically, and a stale pid reused by an unrelated process keeps the lock
 * until that process exits or the file is removed by hand.
 *
 * @throws TickStoreError `STORE_LOCKED` when a live process holds the lock; `STORE_IO_FAILED` when the lock file
 *   cannot be created (permission, missing or read-only directory).
 */
export function acquireStoreLock(directory: string, fileSystem: StoreFileSystem = nodeStoreFileSystem): StoreLock {
  const path = join(directory, STORE_LOCK_FILE_NAME);
  const owner: StoreLockOwner = { pid: process.pid, hostname: hostname(), since: new Date().toISOString() };
  let recoveredFrom: StoreLockOwner | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fileSystem.mkdirSync(directory, { recursive: true });
      writeOwner(fileSystem, path, owner);
      const check = readOwner(fileSystem, path);
      // Two processes recovering the same stale lock at once: only the one whose content survived holds it.
      if (check?.pid !== owner.pid || check.since !== owner.since) continue;
      let released = false;
      return {
        path,
        recoveredFrom,
        release: () => {
          if (released) return;
          released = true;
          const current = readOwner(fileSystem, path);
          if (current?.pid === owner.pid && current.since === owner.since) fileSystem.unlinkSync(path);
        },
      };
    } catch (error) {
      if (systemErrorCode(error) !== 'EEXIST') {
        throw new TickStoreError(
          'STORE_IO_FAILED',
          `cannot create the store lock ${path}: ${messageOf(error)}. Check that the directory exists or can be created and is writable by this user.`,
          path,
          error,
        );
      }
    }
    const holder = readOwner(fileSystem, path);
    if (holder === undefined) {
      // Unreadable or half-written: it was being written right now, or its writer died mid-write. Look again.
      if (attempt < 2) continue;
      throw new TickStoreError(
        'STORE_LOCKED',
        `store directory ${directory} is locked by ${path}, whose content is not a valid lock. If no tickwire store writes there, delete ${path} and start again.`,
        path,
      );
    }
    const sameHost = holder.hostname === owner.hostname;
    if (!sameHost || isProcessAlive(holder.pid)) {
      const who =
        holder.pid === process.pid && sameHost
          ? 'another tick store in this process'
          : `pid ${holder.pid} on ${holder.hostname}`;
      throw new TickStoreError(
        'STORE_LOCKED',
        `store directory ${directory} is already written by ${who} (lock ${path}, taken ${holder.since}); two writers would interleave and corrupt the files. Stop that writer, or give this store another directory.${sameHost ? '' : ` The holder runs on another host, so its liveness cannot be checked: if it is gone, delete ${path}.`}`,
        path,
      );
    }
    try {
      fileSystem.unlinkSync(path);
    } catch (error) {
      if (systemErrorCode(error) !== 'ENOENT') {
        throw new TickStoreError(
          'STORE_IO_FAILED',
          `cannot remove the stale store lock ${path} of dead pid ${holder.pid}: ${messageOf(error)}. Remove it by hand.`,
          path,
          error,
        );
      }
    }
    recoveredFrom = holder;
  }
  throw new TickStoreError(
    'STORE_LOCKED',
    `store directory ${directory}: another process took the lock ${path} while this one was recovering it. Start only one writer per directory.`,
    path,
  );
}
