import * as fs from 'node:fs';

/**
 * The synchronous file operations the tick store uses, so a test (or an embedding application) can put a layer
 * in between: inject a full disk, a permission error, a slow device. Every method has the meaning and the
 * signature of the `node:fs` function of the same name, and throws as that function would (a Node system error
 * with `code` and `errno`).
 */
export interface StoreFileSystem {
  openSync(path: string, flags: string, mode?: number): number;
  closeSync(fd: number): void;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  fstatSync(fd: number): { size: number };
  ftruncateSync(fd: number, length: number): void;
  fdatasyncSync(fd: number): void;
  fsyncSync(fd: number): void;
  /** The asynchronous fdatasync (runs on libuv's thread pool); the callback gets null or the error. */
  fdatasync(fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void;
  mkdirSync(path: string, options: { recursive: true }): void;
  readdirSync(path: string): string[];
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  readFileSync(path: string, encoding: 'utf8'): string;
}

/** The real file system: `node:fs` itself. */
export const nodeStoreFileSystem: StoreFileSystem = {
  openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
  closeSync: (fd) => fs.closeSync(fd),
  writeSync: (fd, buffer, offset, length, position) => fs.writeSync(fd, buffer, offset, length, position),
  readSync: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  fstatSync: (fd) => fs.fstatSync(fd),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  fdatasyncSync: (fd) => fs.fdatasyncSync(fd),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  fdatasync: (fd, callback) => fs.fdatasync(fd, callback),
  mkdirSync: (path, options) => {
    fs.mkdirSync(path, options);
  },
  readdirSync: (path) => fs.readdirSync(path),
  renameSync: (from, to) => fs.renameSync(from, to),
  unlinkSync: (path) => fs.unlinkSync(path),
  readFileSync: (path, encoding) => fs.readFileSync(path, encoding),
};
