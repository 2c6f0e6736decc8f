// Runs the Python package's tests with the system interpreter that has Debian's python3-numpy and python3-zmq.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const python = process.env.TICKWIRE_PYTHON ?? '/usr/bin/python3';
if (!existsSync(python)) {
  console.error(
    `tickwire: ${python} not found. Install Debian's python3, python3-numpy, python3-zmq and python3-pytest.`,
  );
  process.exit(1);
}
const result = spawnSync(python, ['-m', 'pytest', '-q', 'python/tests'], { stdio: 'inherit' });
// pytest exits 5 when it collected nothing: that is a failure here, never a pass.
process.exit(result.status ?? 1);
