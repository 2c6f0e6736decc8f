// The feed's frames encoded once, up front, as server-to-client WebSocket text frames (RFC 6455: FIN, opcode 1, no
// mask) laid end to end in one buffer. The feed hands that buffer to the TCP socket in a single write, so sending
// costs it no per-frame work and the kernel moves bytes as fast as the reader drains them: the reader, not the feed,
// sets the pace.

/** Encodes each frame as an unmasked, unfragmented WebSocket text frame and joins them in send order. */
export function encodeFeedBurst(frames: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const frame of frames) {
    const payload = Buffer.from(frame, 'utf8');
    parts.push(frameHeader(payload.length), payload);
  }
  return Buffer.concat(parts);
}

function frameHeader(length: number): Buffer {
  const FIN_TEXT = 0x81;
  if (length < 126) return Buffer.from([FIN_TEXT, length]);
  if (length < 0x1_00_00) {
    const header = Buffer.alloc(4);
    header[0] = FIN_TEXT;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = FIN_TEXT;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}
