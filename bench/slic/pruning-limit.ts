/**
 * How far any block-level pruning could take SLIC's assignment, measured by brute
 * force: for rounds 2–10 on the 512×512 bench photo, the share of pixels lying in 16×16
 * blocks where exactly one, exactly two, or three or more centres win at least one
 * pixel. A block with one winner could be filled without computing a distance, one
 * with two scanned by the two-candidate scan; a block with three or more winners
 * needs a multi-candidate scan whatever test drops the losers. Our pruning leaves
 * 59.0% of the 512×512 photo's pixels (Clarify's settings) in blocks of three or more
 * candidates (bench/README.md); this prints the share no pruning could go below.
 *
 * Round `r`'s centres are the raster-order means of round `r − 1`'s labels (from the
 * package's `slic` with `maxNumIter: r − 1`, no connectivity pass); each pixel's
 * argmin over every centre whose window holds it, by scikit-image's expression, is
 * checked against `slic` with `maxNumIter: r` before it is counted.
 *
 * It also prints how many pixels change label from each round to the next. Labels
 * that stopped changing would be a fixed point (the centres are a function of the
 * labels alone, without SLICO), and the remaining rounds could be skipped exactly;
 * on these photos that never happens within scikit-image's 10 rounds.
 *
 * Run: `node --import tsx bench/slic/pruning-limit.ts` (about 20 s; prints only).
 */
import { configs, loadImages } from './cases.mjs';
import { regularGrid } from '../../src/explain/grid.js';
import { slic } from '../../src/explain/slic.js';
import { computeSlicFeatures } from '../../src/explain/slic-features.js';
import { resolveSlicOptions } from '../../src/explain/slic-options.js';

const BLOCK = 16;
const [small] = await loadImages();
const image = { width: small.width, height: small.height, channels: 3, data: small.data };
const { width, height } = image;

for (const config of configs) {
  const o = resolveSlicOptions(image, config.options);
  const { features } = computeSlicFeatures(image, o, false, 1 / o.compactness);
  const [, gy, gx] = regularGrid([1, height, width], o.nSegments);
  const step = Math.max(1, gy.step, gx.step);
  // Round r's labels are `slic` run for r rounds; each becomes the next round's `previous`.
  const run = (rounds: number) => slic(image, { ...config.options, maxNumIter: rounds, enforceConnectivity: false });
  const first = run(1);
  const K = first.numSeeds;
  let previous = first.labels;
  const [, wy, wx] = regularGrid([1, height, width], K);
  const [, sy, sx] = o.spacing;
  const spatialWeight = 1 / (step * step);
  const shares = [0, 0, 0];
  let counted = 0;
  const changed: number[] = [];
  for (let round = 2; round <= o.maxNumIter; round++) {
    const expected = run(round).labels;
    const centres = meansOf(previous, features, K);
    let moved = 0;
    for (let p = 0; p < previous.length; p++) if (previous[p] !== expected[p]) moved++;
    changed.push(moved);
    const winners = new Int32Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        let best = Infinity;
        let bestK = -1;
        for (let k = 0; k < K; k++) {
          const [cy, cx, c0, c1, c2] = centres[k];
          if (Number.isNaN(cy)) continue;
          if (y < Math.trunc(Math.max(cy - 2 * wy.step, 0)) || y >= Math.trunc(Math.min(cy + 2 * wy.step + 1, height))) continue;
          if (x < Math.trunc(Math.max(cx - 2 * wx.step, 0)) || x >= Math.trunc(Math.min(cx + 2 * wx.step + 1, width))) continue;
          const ey = sy * (cy - y), ex = sx * (cx - x);
          const a = features[3 * p] - c0, b = features[3 * p + 1] - c1, c = features[3 * p + 2] - c2;
          // The depth term (0 in 2-D) comes first, as scikit-image adds it.
          const d = (0 + ey * ey + ex * ex) * spatialWeight + (a * a + b * b + c * c);
          if (d < best) {
            best = d;
            bestK = k;
          }
        }
        winners[p] = bestK + 1;
        if (bestK + 1 !== expected[p]) throw new Error(`round ${round}: pixel (${y}, ${x}) brute force ${bestK + 1}, slic ${expected[p]}`);
      }
    }
    for (let by = 0; by < height; by += BLOCK) {
      for (let bx = 0; bx < width; bx += BLOCK) {
        const distinct = new Set<number>();
        let pixels = 0;
        for (let y = by; y < Math.min(by + BLOCK, height); y++) {
          for (let x = bx; x < Math.min(bx + BLOCK, width); x++, pixels++) distinct.add(winners[y * width + x]);
        }
        shares[Math.min(distinct.size, 3) - 1] += pixels;
      }
    }
    counted += width * height;
    previous = expected;
  }
  const percent = shares.map((v) => `${((100 * v) / counted).toFixed(1)}%`);
  console.log(`${small.name}, ${config.name}, rounds 2-${o.maxNumIter}:`);
  console.log(`  pixels in blocks with 1 / 2 / 3+ winning centres: ${percent.join(' / ')}`);
  console.log(`  pixels changing label, rounds 1->2 .. ${o.maxNumIter - 1}->${o.maxNumIter}: ${changed.join(' ')}`);
}

/** Per centre, `[y, x, colour 0..2]` means of its pixels, summed in raster order (NaN when it has none). */
function meansOf(labels: Int32Array, features: Float64Array, K: number): number[][] {
  const sums = Array.from({ length: K }, () => [0, 0, 0, 0, 0, 0]);
  for (let p = 0; p < labels.length; p++) {
    if (labels[p] < 1) continue;
    const s = sums[labels[p] - 1];
    s[0] += 1;
    s[1] += Math.floor(p / width);
    s[2] += p % width;
    for (let c = 0; c < 3; c++) s[3 + c] += features[3 * p + c];
  }
  return sums.map((s) => s.slice(1).map((v) => v / s[0]));
}
