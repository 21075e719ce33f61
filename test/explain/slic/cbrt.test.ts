/**
 * `glibcCbrt` must return glibc's `cbrt` bits, which `Math.cbrt` does not: checked
 * live against libm itself (through Python's ctypes) on random doubles across the
 * exponent range, and on the range the Lab conversion uses. The reference is libm,
 * not `np.cbrt`: on CPUs with AVX-512, NumPy computes `cbrt` with SVML, whose last
 * bit differs from glibc's, so a NumPy reference would make this test depend on the
 * CPU. Skipped with the reason when Debian's Python is absent; CI installs it.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { glibcCbrt } from '../../../src/explain/slic/cbrt.js';
import { SeededRandom } from '../../../src/explain/numeric/random.js';
import { PYTHON, runPython } from '../../helpers/python.js';

const unavailable = existsSync(PYTHON) ? undefined : `${PYTHON} not found`;

function inputs(): Float64Array {
  const rng = new SeededRandom(7);
  const xs = new Float64Array(40000);
  for (let i = 0; i < xs.length; i++) {
    if (i < 20000) {
      // Lab's range: XYZ / white point above the linear segment's threshold.
      xs[i] = 0.008856 + rng.nextFloat() * 1.2;
    } else {
      const sign = rng.nextFloat() < 0.5 ? -1 : 1;
      xs[i] = sign * (0.5 + rng.nextFloat()) * 2 ** Math.floor(rng.nextFloat() * 400 - 200);
    }
  }
  return xs;
}

describe.skipIf(unavailable !== undefined)(
  `glibcCbrt against glibc${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  { timeout: 30_000 },
  () => {
    it("returns the same bits as libm's cbrt for 40,000 doubles", () => {
      const xs = inputs();
      const out = runPython(
        'import sys, ctypes, array\n' +
          'libm = ctypes.CDLL("libm.so.6")\n' +
          'libm.cbrt.restype = ctypes.c_double\n' +
          'libm.cbrt.argtypes = [ctypes.c_double]\n' +
          'x = array.array("d")\n' +
          'x.frombytes(sys.stdin.buffer.read())\n' +
          'sys.stdout.write(array.array("d", (libm.cbrt(v) for v in x)).tobytes().hex())',
        new Uint8Array(xs.buffer),
      );
      const ref = new Float64Array(Uint8Array.from(Buffer.from(out, 'hex')).buffer);
      expect(ref).toHaveLength(40_000);
      const mismatches: string[] = [];
      let v8Differs = 0;
      for (let i = 0; i < xs.length; i++) {
        if (!Object.is(glibcCbrt(xs[i]), ref[i])) mismatches.push(`cbrt(${xs[i]}) = ${glibcCbrt(xs[i])}, libm ${ref[i]}`);
        if (Math.cbrt(xs[i]) !== ref[i]) v8Differs++;
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      // The reason this function exists: Math.cbrt alone would not match.
      expect(v8Differs).toBeGreaterThan(1000);
    });
  },
);

describe('glibcCbrt special values', () => {
  it('passes zero, infinities and NaN through like Math.cbrt', () => {
    for (const x of [0, -0, Infinity, -Infinity, NaN, 5e-324]) expect(Object.is(glibcCbrt(x), Math.cbrt(x))).toBe(true);
  });

  it("is within two ulps of Math.cbrt (each is within one of the true root)", () => {
    const rng = new SeededRandom(11);
    for (let i = 0; i < 1000; i++) {
      const x = rng.nextFloat() * 1e6;
      expect(Math.abs(glibcCbrt(x) - Math.cbrt(x))).toBeLessThanOrEqual(4 * Number.EPSILON * Math.cbrt(x));
    }
  });
});
