// A StoreFileSystem that, on its TICKWIRE_TEAR_AFTER-th record write (counting writes longer than 1000 bytes),
// writes only the first 1000 bytes (31 records and 8 bytes of the next), says `{"tearing":true}` on stdout and
// hangs, so the crash test can SIGKILL the process with a genuinely torn record on disk.
import { writeSync } from 'node:fs';
import { nodeStoreFileSystem, type StoreFileSystem } from '../store-file-system';

const tearAfter = Number(process.env.TICKWIRE_TEAR_AFTER ?? '20');
let recordWrites = 0;

const tearingFileSystem: StoreFileSystem = {
  ...nodeStoreFileSystem,
  writeSync: (fd, buffer, offset, length, position) => {
    if (length <= 1000 || ++recordWrites < tearAfter)
      return nodeStoreFileSystem.writeSync(fd, buffer, offset, length, position);
    nodeStoreFileSystem.writeSync(fd, buffer, offset, 1000, position);
    writeSync(1, `${JSON.stringify({ tearing: true })}\n`);
    // Hang mid-write until killed (bounded: the test kills within seconds; give up after 30 s).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
    throw new Error('tearing-file-system: not killed within 30 s');
  },
};

export default tearingFileSystem;
