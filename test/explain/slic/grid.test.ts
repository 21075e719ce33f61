import { describe, expect, it } from 'vitest';
import { regularGrid, roundHalfEven } from '../../../src/explain/slic/grid.js';
import { pairwiseSum } from '../../../src/explain/numeric/pairwise-sum.js';
import { SeededRandom } from '../../../src/explain/numeric/random.js';
import { runPython, skimageUnavailableReason } from '../../helpers/python.js';

describe('regularGrid (scikit-image regular_grid on (1, H, W))', () => {
  // Worked examples from the algorithm reference §1.7, each reproduced with skimage 0.19.3.
  it.each([
    [100, 100, 100, [5, 10, 5, 10]],
    [100, 100, 50, [7, 14, 7, 14]],
    [224, 224, 50, [15, 32, 15, 32]],
    [224, 224, 20, [25, 50, 25, 50]],
    [10, 10, 50, [0, 1, 0, 1]],
    [10, 10, 100, [0, 1, 0, 1]],
    [2, 1000, 10, [1, 2, 50, 100]],
    [7, 5, 3, [1, 3, 1, 3]],
    [3, 3, 1, [1, 3, 1, 3]],
    [1, 7, 3, [0, 1, 1, 2]],
    [7, 1, 3, [1, 2, 0, 1]],
  ])('%i x %i, n = %i', (h, w, n, [sy, ty, sx, tx]) => {
    const [z, y, x] = regularGrid([1, h, w], n);
    expect(z).toEqual({ start: 0, step: 1 });
    expect(y).toEqual({ start: sy, step: ty });
    expect(x).toEqual({ start: sx, step: tx });
  });
});

describe('roundHalfEven (NumPy np.round)', () => {
  it.each([
    [0.5, 0], [1.5, 2], [2.5, 2], [3.5, 4], [2.4999, 2], [2.5001, 3], [-0.5, -0], [-1.5, -2], [7, 7],
  ])('%d -> %d', (v, r) => expect(roundHalfEven(v)).toBe(r));
});

describe.skipIf(skimageUnavailableReason() !== undefined)('pairwiseSum equals NumPy sum (live)', { timeout: 30_000 }, () => {
  it('on arrays of 1..300 values spanning 30 orders of magnitude', () => {
    const r = new SeededRandom(7);
    const arrays = Array.from({ length: 300 }, (_, i) =>
      Float64Array.from({ length: i + 1 }, () => (r.nextFloat() - 0.3) * 10 ** (r.nextBelow(31) - 15)),
    );
    const script =
      'import json, sys, numpy as np\n' +
      'print(json.dumps([float(np.sum(np.array(a, dtype=np.float64))).hex() for a in json.load(sys.stdin)]))';
    const expected: string[] = JSON.parse(runPython(script, JSON.stringify(arrays.map((a) => Array.from(a)))));
    expect(expected).toHaveLength(300);
    const mismatches = arrays.filter((a, i) => pairwiseSum(a) !== pythonHexToNumber(expected[i])).map((a) => a.length);
    expect(mismatches).toEqual([]);
  });
});

/** Parses Python's `float.hex()` exactly. */
function pythonHexToNumber(hex: string): number {
  const m = /^(-)?0x([01])\.([0-9a-f]*)p([+-]\d+)$/.exec(hex);
  if (!m) {
    if (hex === '0x0.0p+0') return 0;
    if (hex === '-0x0.0p+0') return -0;
    throw new Error(`unexpected hex float ${hex}`);
  }
  const mantissa = Number.parseInt(m[2] + m[3], 16) / 2 ** (4 * m[3].length);
  return (m[1] ? -1 : 1) * mantissa * 2 ** Number(m[4]);
}
