/**
 * Runs Debian's Python (`/usr/bin/python3`, which sees `python3-skimage`) for live
 * parity tests. The `python3` first on PATH may be a separate build without Debian's
 * packages, so the path is fixed.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** Why scikit-image cannot be used here, or `undefined` when it can. */
export function skimageUnavailableReason(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import skimage, scipy; print(skimage.__version__)'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} not found (${probe.error.message})`;
  if (probe.status !== 0) {
    return 'python3-skimage is not installed (apt-get install -y --no-install-recommends python3-skimage)';
  }
  return undefined;
}

/** Runs a Python script with `input` on stdin and returns stdout. */
export function runPython(script: string, input: string | Uint8Array): string {
  return execFileSync(PYTHON, ['-c', script], {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
}
