// A StoreFileSystem in which the `truefx` source folder is read-only: creating anything inside it fails with
// EACCES, exactly as node:fs reports it for a chmod 0555 directory. Used when the tests run as root, where
// chmod does not stop writes.
import { sep } from 'node:path';
import { nodeStoreFileSystem, type StoreFileSystem } from '../store-file-system';

const guarded = `${sep}truefx${sep}`;

function permissionDenied(operation: string, path: string): Error {
  return Object.assign(new Error(`EACCES: permission denied, ${operation} '${path}'`), {
    code: 'EACCES',
    errno: -13,
    syscall: operation,
    path,
  });
}

const readOnlySourceFileSystem: StoreFileSystem = {
  ...nodeStoreFileSystem,
  mkdirSync: (path, options) => {
    if (path.includes(guarded)) throw permissionDenied('mkdir', path);
    nodeStoreFileSystem.mkdirSync(path, options);
  },
  openSync: (path, flags, mode) => {
    if (path.includes(guarded) && flags !== 'r') throw permissionDenied('open', path);
    return nodeStoreFileSystem.openSync(path, flags, mode);
  },
};

export default readOnlySourceFileSystem;
