import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const python = process.env.TICKWIRE_PYTHON ?? '/usr/bin/python3';
const pythonPackage = fileURLToPath(new URL('../../python', import.meta.url));

/** A Python helper process speaking one JSON object per stdout line. */
export interface PythonProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The next JSON line; rejects after `timeoutMs` or when the process ends first. */
  nextLine(timeoutMs: number): Promise<Record<string, unknown>>;
  /** Waits for the exit (killing it after `timeoutMs`). */
  finished(timeoutMs: number): Promise<void>;
}

/** Starts `bench/bridge/<script>` with the repo's `python/` on PYTHONPATH. */
export function startPython(script: string, args: readonly string[]): PythonProcess {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child = spawn(python, [path, ...args], { env: { ...process.env, PYTHONPATH: pythonPackage } });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    async nextLine(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${script} said nothing in ${timeoutMs} ms: ${stderr}`)), timeoutMs);
      });
      const line = await Promise.race([lines.next(), timeout]).finally(() => clearTimeout(timer));
      if (line.done === true) throw new Error(`${script} ended early: ${stderr}`);
      return JSON.parse(line.value) as Record<string, unknown>;
    },
    async finished(timeoutMs) {
      if (child.exitCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
    },
  };
}
