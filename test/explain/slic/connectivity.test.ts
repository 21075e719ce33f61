/**
 * Live parity of the connectivity pass alone against scikit-image's
 * `_enforce_label_connectivity_cython`, on random label images built to exercise
 * what the full SLIC cases reach only now and then: components cut at `max_size`
 * (the cut depends on the breadth-first order), components merged below
 * `min_size` (into the last adjacent label met), unassigned pixels and both start
 * labels. Skipped (with the reason) when python3-skimage is not installed; CI
 * installs it. Set CONNECTIVITY_PARITY_SEED to replay a run.
 */
import { describe, expect, it } from 'vitest';
import { enforceConnectivity } from '../../../src/explain/slic/connectivity.js';
import { drawSeed, SeededRandom } from '../../../src/explain/numeric/random.js';
import { runPython, skimageUnavailableReason } from '../../helpers/python.js';

const unavailable = skimageUnavailableReason();
const baseSeed = process.env.CONNECTIVITY_PARITY_SEED ? Number(process.env.CONNECTIVITY_PARITY_SEED) : drawSeed();
const CASES = 300;

const PYTHON_CONNECTIVITY = `
import base64, json, sys
import numpy as np
from skimage.segmentation._slic import _enforce_label_connectivity_cython as enforce
out = []
for case in json.load(sys.stdin):
    labels = np.frombuffer(base64.b64decode(case["labels"]), dtype="<i4").astype(np.intp)
    labels = labels.reshape(1, case["height"], case["width"])
    result = enforce(labels, case["minSize"], case["maxSize"], start_label=case["startLabel"])
    out.append(base64.b64encode(result[0].astype("<i4").tobytes()).decode())
json.dump(out, sys.stdout)
`;

interface ConnectivityCase {
  readonly labels: Int32Array;
  readonly width: number;
  readonly height: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly startLabel: number;
}

/** Blobby labels: most pixels copy their left or upper neighbour, a few start a new patch or stay unassigned. */
function makeCase(r: SeededRandom): ConnectivityCase {
  const width = 1 + r.nextBelow(40), height = 1 + r.nextBelow(40);
  const startLabel = r.nextBelow(2), unset = startLabel - 1;
  const kinds = 1 + r.nextBelow(6);
  const keep = 0.3 + 0.65 * r.nextFloat();
  const labels = new Int32Array(width * height);
  for (let p = 0; p < labels.length; p++) {
    const x = p % width;
    if (p > 0 && r.nextFloat() < keep) {
      const up = p >= width && (x === 0 || r.nextFloat() < 0.5);
      labels[p] = labels[up ? p - width : p - 1];
    } else {
      labels[p] = r.nextFloat() < 0.05 ? unset : startLabel + r.nextBelow(kinds);
    }
  }
  const minSize = r.nextBelow(12);
  const maxSize = r.nextFloat() < 0.5 ? 1 + r.nextBelow(40) : 10 + r.nextBelow(2000);
  return { labels, width, height, minSize, maxSize, startLabel };
}

/** 4-connected components of assigned pixels, by a plain flood fill (for the coverage check). */
function countComponents({ labels, width, height, startLabel }: ConnectivityCase): number {
  const seen = new Uint8Array(labels.length);
  let count = 0;
  for (let p = 0; p < labels.length; p++) {
    if (seen[p] || labels[p] === startLabel - 1) continue;
    count++;
    const stack = [p];
    seen[p] = 1;
    while (stack.length > 0) {
      const q = stack.pop()!;
      const x = q % width, y = Math.floor(q / width);
      const around = [x > 0 ? q - 1 : -1, x < width - 1 ? q + 1 : -1, y > 0 ? q - width : -1, y < height - 1 ? q + width : -1];
      for (const n of around) {
        if (n >= 0 && !seen[n] && labels[n] === labels[p]) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
  }
  return count;
}

describe.skipIf(unavailable !== undefined)(
  `connectivity pass live parity with scikit-image${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  // Python and scikit-image start, then 300 label images: seconds.
  { timeout: 60_000 },
  () => {
    it(`gives scikit-image's labels, and counts them, on ${CASES} random label images (base seed ${baseSeed})`, () => {
      const r = new SeededRandom(baseSeed);
      const cases = Array.from({ length: CASES }, () => makeCase(r));
      const input = cases.map((c) => ({
        labels: Buffer.from(c.labels.buffer, c.labels.byteOffset, c.labels.byteLength).toString('base64'),
        width: c.width,
        height: c.height,
        minSize: c.minSize,
        maxSize: c.maxSize,
        startLabel: c.startLabel,
      }));
      const expected = JSON.parse(runPython(PYTHON_CONNECTIVITY, JSON.stringify(input))) as string[];
      expect(expected).toHaveLength(CASES);
      let cuts = 0, merges = 0;
      cases.forEach((c, i) => {
        const want = new Int32Array(new Uint8Array(Buffer.from(expected[i]!, 'base64')).buffer);
        const got = enforceConnectivity(c.labels, c.width, c.height, c.minSize, c.maxSize, c.startLabel);
        const where = `case ${i} (seed ${baseSeed}): ${c.width}x${c.height} min ${c.minSize} max ${c.maxSize} start ${c.startLabel}`;
        expect(Array.from(got.labels), where).toEqual(Array.from(want));
        const sizes = new Map<number, number>();
        for (const v of want) sizes.set(v, (sizes.get(v) ?? 0) + 1);
        // The count slic reports as numSegments: distinct labels, unassigned included.
        expect(got.count, where).toBe(sizes.size);
        if ([...sizes.values()].some((n) => n >= c.maxSize)) cuts++;
        if (sizes.size - (sizes.has(c.startLabel - 1) ? 1 : 0) < countComponents(c)) merges++;
      });
      // The generator must keep producing the situations this test exists for: a
      // label reaching max_size (a cut), fewer output labels than input labels (merges).
      expect(cuts).toBeGreaterThan(CASES / 5);
      expect(merges).toBeGreaterThan(CASES / 5);
    });
  },
);
