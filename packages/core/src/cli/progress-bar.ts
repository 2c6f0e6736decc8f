/** A one-line progress bar on stderr for long file work; silent when stderr is not a terminal. */
export function createProgressBar(label: string): { update(done: number, total: number): void; finish(): void } {
  const enabled = process.stderr.isTTY === true;
  let lastDrawMs = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (!enabled || now - lastDrawMs < 100) return;
      lastDrawMs = now;
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}%`,
      );
    },
    finish() {
      if (enabled) process.stderr.write('\r\x1b[K');
    },
  };
}
