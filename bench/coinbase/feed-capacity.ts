// The feed's send rate: the same pre-encoded burst over the same loopback TCP, read by a sink that only counts
// bytes. A reader measured against this feed is feed-limited unless it reads slower than this.
import { connect } from 'node:net';

/**
 * Frames per second the feed delivers to a reader that does no work. Timed from the first chunk to the last, like
 * the readers (from their first frame to their last), so the frames counted are those after the first chunk.
 */
export function measureFeedCapacity(port: number, frames: number, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = 0;
    let firstChunkBytes = 0;
    let startedAt = 0;
    socket.on('data', (chunk: Buffer) => {
      if (received === 0) {
        startedAt = performance.now();
        firstChunkBytes = chunk.length;
      }
      received += chunk.length;
    });
    socket.on('end', () => {
      const elapsedMs = performance.now() - startedAt;
      if (received !== bytes) {
        reject(new Error(`feed capacity sink read ${received} of ${bytes} bytes; the feed worker ended early, rerun`));
        return;
      }
      resolve(((frames * (received - firstChunkBytes)) / received / elapsedMs) * 1000);
    });
    socket.on('error', reject);
  });
}
