/**
 * The assign/update rounds of SLIC (scikit-image's `_slic_cython`, 2-D, no mask),
 * restructured for speed while producing the same labels bit for bit.
 *
 * scikit-image visits centre after centre and lets each overwrite a full-image
 * distance buffer where it is strictly closer. The label a pixel ends with is the
 * centre with the smallest distance among those whose window contains it, ties going
 * to the lowest index. We compute exactly that argmin, with the same floating-point
 * expression for every distance that is compared, but block by block:
 *
 * - The image is cut into 16×16 blocks. The features never change between rounds,
 *   so each block's bounding box in colour space is computed once.
 * - Each round, a block's candidates are the live centres whose window reaches it, in
 *   ascending index order. Two tests drop candidates that lose at every pixel of the
 *   block: a lower bound of a candidate's distance above the smallest upper bound of
 *   a centre whose window covers the block; and, against that covering centre, the
 *   difference of the two distances — affine in the pixel's coordinates and colour,
 *   since the squares cancel — positive at every corner of the block's box. Both
 *   demand a relative margin of 1e-9, far above rounding error.
 * - A block left with one candidate takes its label without computing any distance,
 *   and one left with two computes both at each pixel; otherwise each pixel computes
 *   its previous centre's distance, then walks that centre's visit list (the other
 *   candidates by the larger of their lower bound and a quarter of their squared
 *   distance to it) until an entry exceeds the best distance found; an entry whose
 *   first one or two squared colour differences already exceed it is passed over.
 *   Dropped and skipped candidates lose by a clear margin, so every comparison that
 *   could be a near-tie is still made exactly, and ties go to the lowest index.
 * - In the first round every centre's colour is 0, so the colour term is the same
 *   for every candidate of a pixel: it is computed once per pixel, and each candidate
 *   adds its spatial term.
 * - No full-image distance buffer is filled each round.
 *
 * This file holds the rounds, the candidates and their dropping; the scans of blocks
 * left with several candidates are in `slic-scan.ts`, the centre update in
 * `slic-update.ts`, the types and constants they share in `slic-kmeans-types.ts`.
 * docs/internals/slic.md explains the V8 patterns the hot loops rely on.
 */

import {
  BLOCK,
  BlockScratch,
  Blocks,
  type Centres,
  type ColourBoxes,
  MAX_LISTED,
  PAIR_TABLE_MAX,
  type Round,
  SLACK,
  TINY,
} from './slic-kmeans-types.js';
import { scanBlock3, scanBlockPair, scanFirstRound3, tabulatePairs } from './slic-scan.js';
import { CentreSums } from './slic-update.js';

/** Inputs of {@link slicKMeans}. All arrays are owned by the caller. */
export interface SlicKMeansInput {
  /** `height * width * channels` features (colour already scaled by 1/compactness). */
  readonly features: Float64Array;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  /** Seed coordinates (row-major seed order). */
  readonly seedY: Float64Array;
  readonly seedX: Float64Array;
  /** Window half-widths: a centre reaches `c - 2w .. c + 2w` on each axis. */
  readonly windowY: number;
  readonly windowX: number;
  /** Spatial normaliser S (integer); distances use `1 / S²`. */
  readonly step: number;
  /** Spacing along depth, y and x. */
  readonly spacing: readonly [number, number, number];
  readonly maxNumIter: number;
  readonly slicZero: boolean;
  readonly startLabel: number;
}

/** Runs the SLIC rounds and returns the label image (`startLabel - 1` where unassigned). */
export function slicKMeans(input: SlicKMeansInput): Int32Array {
  const { features, width, height, channels: C, maxNumIter, slicZero, startLabel } = input;
  const K = input.seedY.length;
  const unset = startLabel - 1;
  const labels = new Int32Array(width * height).fill(unset);
  if (maxNumIter <= 0 || K === 0) return labels;

  const spatialWeight = 1 / (input.step * input.step);
  const centres: Centres = {
    count: K,
    channels: C,
    cz: new Float64Array(K),
    cy: Float64Array.from(input.seedY),
    cx: Float64Array.from(input.seedX),
    colour: new Float64Array(K * C),
    maxDistColour: new Float64Array(K).fill(1),
    alive: new Uint8Array(K),
    y0: new Int32Array(K),
    y1: new Int32Array(K),
    x0: new Int32Array(K),
    x1: new Int32Array(K),
    dyTerm: new Float64Array(K * (4 * input.windowY + 2)),
    rowStride: 4 * input.windowY + 2,
    dxTerm: new Float64Array(K * (4 * input.windowX + 2)),
    colStride: 4 * input.windowX + 2,
  };
  const blocks = new Blocks(width, height, BLOCK);
  const boxes = colourBoxes(features, C, blocks);
  const lists = new BlockCandidates(blocks, K);
  const work = new BlockScratch(K, C);
  const sums = new CentreSums(K, C);

  // Visit lists exist only for 3 channels after the first round, without SLICO.
  const tabulated = C === 3 && !slicZero && K <= PAIR_TABLE_MAX;

  for (let iter = 0; iter < maxNumIter; iter++) {
    updateWindows(centres, input, width, height);
    lists.rebuild(centres);
    const round: Round = {
      centres, spatialWeight, firstRound: iter === 0, slicZero, startLabel, features, labels, blocks, boxes, work,
      sz: input.spacing[0], sy: input.spacing[1], sx: input.spacing[2], tabulated,
    };
    if (tabulated && iter > 0) tabulatePairs(round);
    for (let b = 0; b < blocks.count; b++) {
      let n = 0;
      for (let i = lists.offsets[b], end = lists.offsets[b + 1]; i < end; i++) work.ids[n++] = lists.ids[i];
      assignBlock(round, b, n);
    }
    // The last round's centre update is never used, so skip it.
    if (iter === maxNumIter - 1) break;
    sums.update(centres, features, labels, width, height, unset, startLabel, slicZero);
  }
  return labels;
}

/** Windows and spatial terms, from the same expressions as scikit-image. */
function updateWindows(centres: Centres, input: SlicKMeansInput, width: number, height: number): void {
  const [sz, sy, sx] = input.spacing;
  const wy2 = 2 * input.windowY;
  const wx2 = 2 * input.windowX;
  for (let k = 0; k < centres.count; k++) {
    const czk = centres.cz[k], cyk = centres.cy[k], cxk = centres.cx[k];
    // A centre that lost all its pixels is NaN and can never win again.
    if (Number.isNaN(czk) || Number.isNaN(cyk) || Number.isNaN(cxk)) {
      centres.alive[k] = 0;
      centres.y0[k] = centres.y1[k] = centres.x0[k] = centres.x1[k] = 0;
      continue;
    }
    centres.alive[k] = 1;
    const y0 = (centres.y0[k] = Math.trunc(Math.max(cyk - wy2, 0)));
    const y1 = (centres.y1[k] = Math.trunc(Math.min(cyk + wy2 + 1, height)));
    const x0 = (centres.x0[k] = Math.trunc(Math.max(cxk - wx2, 0)));
    const x1 = (centres.x1[k] = Math.trunc(Math.min(cxk + wx2 + 1, width)));
    // dz = (sz·(cz − 0))² is 0 for a live 2-D centre, and scikit-image adds it first.
    const dzv = sz * czk;
    const dz = dzv * dzv;
    for (let y = y0; y < y1; y++) {
      const d = sy * (cyk - y);
      centres.dyTerm[k * centres.rowStride + (y - y0)] = dz + d * d;
    }
    for (let x = x0; x < x1; x++) {
      const d = sx * (cxk - x);
      centres.dxTerm[k * centres.colStride + (x - x0)] = d * d;
    }
  }
}

/** The colour box of every block, from one pass over the pixels. */
function colourBoxes(features: Float64Array, C: number, blocks: Blocks): ColourBoxes {
  const lo = new Float64Array(blocks.count * C).fill(Infinity);
  const hi = new Float64Array(blocks.count * C).fill(-Infinity);
  const { width, height, side } = blocks;
  for (let y = 0; y < height; y++) {
    for (let bx = 0, b = Math.floor(y / side) * blocks.cols * C; bx < width; bx += side, b += C) {
      const f0 = (y * width + bx) * C, f1 = (y * width + Math.min(bx + side, width)) * C;
      if (C === 3) {
        // One pass over the row's pixels for all three channels.
        let l0 = lo[b], h0 = hi[b], l1 = lo[b + 1], h1 = hi[b + 1], l2 = lo[b + 2], h2 = hi[b + 2];
        for (let f = f0; f < f1; f += 3) {
          const v0 = features[f], v1 = features[f + 1], v2 = features[f + 2];
          if (v0 < l0) l0 = v0;
          if (v0 > h0) h0 = v0;
          if (v1 < l1) l1 = v1;
          if (v1 > h1) h1 = v1;
          if (v2 < l2) l2 = v2;
          if (v2 > h2) h2 = v2;
        }
        lo[b] = l0;
        hi[b] = h0;
        lo[b + 1] = l1;
        hi[b + 1] = h1;
        lo[b + 2] = l2;
        hi[b + 2] = h2;
        continue;
      }
      for (let c = 0; c < C; c++) {
        let l = lo[b + c], h = hi[b + c];
        for (let f = f0 + c; f < f1; f += C) {
          const v = features[f];
          if (v < l) l = v;
          if (v > h) h = v;
        }
        lo[b + c] = l;
        hi[b + c] = h;
      }
    }
  }
  return { lo, hi };
}

/** Per block, the live centres whose window reaches it, ascending (CSR layout). */
class BlockCandidates {
  readonly offsets: Int32Array;
  ids: Int32Array;
  private readonly fill: Int32Array;

  constructor(
    private readonly blocks: Blocks,
    K: number,
  ) {
    this.offsets = new Int32Array(blocks.count + 1);
    this.fill = new Int32Array(blocks.count);
    this.ids = new Int32Array(Math.max(K, 16));
  }

  rebuild(centres: Centres): void {
    const { offsets, fill, blocks } = this;
    const { side, cols } = blocks;
    offsets.fill(0);
    for (let k = 0; k < centres.count; k++) {
      if (centres.alive[k] === 0 || centres.y1[k] <= centres.y0[k] || centres.x1[k] <= centres.x0[k]) continue;
      const r0 = Math.floor(centres.y0[k] / side), r1 = Math.floor((centres.y1[k] - 1) / side);
      const c0 = Math.floor(centres.x0[k] / side), c1 = Math.floor((centres.x1[k] - 1) / side);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) offsets[r * cols + c + 1]++;
    }
    for (let t = 0; t < blocks.count; t++) offsets[t + 1] += offsets[t];
    if (this.ids.length < offsets[blocks.count]) this.ids = new Int32Array(offsets[blocks.count]);
    const ids = this.ids;
    fill.set(offsets.subarray(0, blocks.count));
    for (let k = 0; k < centres.count; k++) {
      if (centres.alive[k] === 0 || centres.y1[k] <= centres.y0[k] || centres.x1[k] <= centres.x0[k]) continue;
      const r0 = Math.floor(centres.y0[k] / side), r1 = Math.floor((centres.y1[k] - 1) / side);
      const c0 = Math.floor(centres.x0[k] / side), c1 = Math.floor((centres.x1[k] - 1) / side);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) ids[fill[r * cols + c]++] = k;
    }
  }
}

/**
 * Labels block `b`, whose `count` candidates are in the scratch: drop the candidates
 * that lose everywhere in it, then fill it or scan it.
 */
function assignBlock(round: Round, b: number, count: number): void {
  const { centres, work, labels, startLabel, blocks, boxes } = round;
  const { width, height, side, cols } = blocks;
  const by0 = Math.floor(b / cols) * side, bx0 = (b % cols) * side;
  const by1 = Math.min(by0 + side, height), bx1 = Math.min(bx0 + side, width);
  const { ids, full } = work;
  let n = count;
  if (n === 0) {
    for (let y = by0; y < by1; y++) labels.fill(startLabel - 1, y * width + bx0, y * width + bx1);
    return;
  }
  for (let i = 0; i < n; i++) {
    const k = ids[i];
    full[i] = centres.y0[k] <= by0 && centres.y1[k] >= by1 && centres.x0[k] <= bx0 && centres.x1[k] >= bx1 ? 1 : 0;
  }
  if (n > 1) n = dropLosers(round, boxes, b, by0, by1, bx0, bx1, n);
  if (n === 1 && full[0] === 1) {
    const label = ids[0] + startLabel;
    // Rows are a few pixels long: a plain loop beats `fill`'s call overhead.
    for (let y = by0; y < by1; y++) for (let p = y * width + bx0, end = y * width + bx1; p < end; p++) labels[p] = label;
    return;
  }
  if (centres.channels === 3 && round.firstRound && n <= MAX_LISTED) {
    scanFirstRound3(round, by0, by1, bx0, bx1, n);
  } else if (centres.channels === 3 && !round.slicZero && !round.firstRound && n <= MAX_LISTED) {
    if (n === 2) scanBlockPair(round, by0, by1, bx0, bx1);
    else scanBlock3(round, by0, by1, bx0, bx1, n);
  } else {
    scanBlockGeneric(round, by0, by1, bx0, bx1, n);
  }
}

/**
 * Bounds every candidate's distance over the block and keeps, in order, those that
 * may still win somewhere in it. Returns the new count.
 */
function dropLosers(
  round: Round,
  boxes: ColourBoxes,
  b: number,
  by0: number,
  by1: number,
  bx0: number,
  bx1: number,
  n: number,
): number {
  const { centres, spatialWeight, firstRound, slicZero, work, sz, sy, sx } = round;
  const { channels: C, colour, cy, cx, cz, maxDistColour } = centres;
  const { ids, full, lower } = work;
  const yLast = by1 - 1, xLast = bx1 - 1;
  const box = b * C;
  const boxLo = boxes.lo, boxHi = boxes.hi;
  // The box of 3-channel features in locals (unused, and not read, otherwise).
  const rgb = C === 3;
  const lo0 = rgb ? boxLo[box] : 0, hi0 = rgb ? boxHi[box] : 0;
  const lo1 = rgb ? boxLo[box + 1] : 0, hi1 = rgb ? boxHi[box + 1] : 0;
  const lo2 = rgb ? boxLo[box + 2] : 0, hi2 = rgb ? boxHi[box + 2] : 0;
  // In the first round every colour is 0: the colour term is common to all candidates
  // and only enters the rounding margin.
  let common = 0;
  if (firstRound) {
    for (let c = 0; c < C; c++) {
      const a = Math.abs(boxLo[box + c]), h = Math.abs(boxHi[box + c]);
      const m = a > h ? a : h;
      common += m * m;
    }
  }
  let best = Infinity;
  let leader = -1;
  for (let i = 0; i < n; i++) {
    const k = ids[i];
    const yk = cy[k], xk = cx[k];
    const gy = yk < by0 ? by0 - yk : yk > yLast ? yk - yLast : 0;
    const gx = xk < bx0 ? bx0 - xk : xk > xLast ? xk - xLast : 0;
    const fy = yk - by0 > yLast - yk ? yk - by0 : yLast - yk;
    const fx = xk - bx0 > xLast - xk ? xk - bx0 : xLast - xk;
    const ez = sz * cz[k];
    const ly = sy * gy, lx = sx * gx, uy = sy * fy, ux = sx * fx;
    let lo = (ez * ez + ly * ly + lx * lx) * spatialWeight;
    let hi = (ez * ez + uy * uy + ux * ux) * spatialWeight;
    if (!firstRound) {
      let lc = 0, hc = 0;
      if (rgb) {
        const v0 = colour[3 * k], v1 = colour[3 * k + 1], v2 = colour[3 * k + 2];
        lc = nearSquare(v0, lo0, hi0) + nearSquare(v1, lo1, hi1) + nearSquare(v2, lo2, hi2);
        hc = farSquare(v0, lo0, hi0) + farSquare(v1, lo1, hi1) + farSquare(v2, lo2, hi2);
      } else {
        for (let c = 0; c < C; c++) {
          const v = colour[k * C + c], bl = boxLo[box + c], bh = boxHi[box + c];
          lc += nearSquare(v, bl, bh);
          hc += farSquare(v, bl, bh);
        }
      }
      if (slicZero) {
        lc /= maxDistColour[k];
        hc /= maxDistColour[k];
      }
      lo += lc;
      hi += hc;
    }
    lower[i] = lo;
    if (full[i] === 1 && hi < best) {
      best = hi;
      leader = i;
    }
  }
  // A candidate whose every distance exceeds some covering centre's every distance
  // can neither win nor tie anywhere in the block.
  const cut = best * (1 + SLACK) + SLACK * common + TINY;
  const slackDown = 1 - SLACK;
  const planes = leader >= 0 && !firstRound && !slicZero;
  const leaderId = planes ? ids[leader] : -1;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (lower[i] * slackDown > cut) continue;
    if (planes && i !== leader && losesToLeader(round, boxes, box, leaderId, ids[i], by0, yLast, bx0, xLast, best)) continue;
    ids[kept] = ids[i];
    full[kept] = full[i];
    lower[kept] = lower[i];
    kept++;
  }
  return kept;
}

/** The squared distance from `v` to the nearest point of `[lo, hi]`. */
function nearSquare(v: number, lo: number, hi: number): number {
  const g = v < lo ? lo - v : v > hi ? v - hi : 0;
  return g * g;
}

/** The squared distance from `v` to the farthest point of `[lo, hi]`. */
function farSquare(v: number, lo: number, hi: number): number {
  const f = v - lo > hi - v ? v - lo : hi - v;
  return f * f;
}

/**
 * Whether centre `k` is farther than centre `j` from every point of the block's box.
 * `d_k − d_j` is affine in the pixel's coordinates and colour (the squares cancel),
 * so its minimum over the box is at a corner: per axis, the end towards `k`. The
 * test demands a margin of 1e-9 of the magnitudes involved (and of `upperJ`, an
 * upper bound of `d_j` over the box), far above the rounding of either side.
 */
function losesToLeader(
  round: Round,
  boxes: ColourBoxes,
  box: number,
  j: number,
  k: number,
  y0: number,
  y1: number,
  x0: number,
  x1: number,
  upperJ: number,
): boolean {
  const { centres, spatialWeight, sy, sx } = round;
  const { channels: C, colour, cy, cx } = centres;
  const wy = spatialWeight * sy * sy, wx = spatialWeight * sx * sx;
  const ky = cy[k], jy = cy[j], kx = cx[k], jx = cx[j];
  const dy = ky - jy, dx = kx - jx;
  let gap = wy * dy * (ky + jy - 2 * (dy > 0 ? y1 : y0)) + wx * dx * (kx + jx - 2 * (dx > 0 ? x1 : x0));
  let scale =
    wy * Math.abs(dy) * (Math.abs(ky) + Math.abs(jy) + 2 * y1) + wx * Math.abs(dx) * (Math.abs(kx) + Math.abs(jx) + 2 * x1);
  for (let c = 0; c < C; c++) {
    const kc = colour[k * C + c], jc = colour[j * C + c];
    const lo = boxes.lo[box + c], hi = boxes.hi[box + c];
    const d = kc - jc;
    gap += d * (kc + jc - 2 * (d > 0 ? hi : lo));
    const m = Math.abs(lo) > Math.abs(hi) ? Math.abs(lo) : Math.abs(hi);
    scale += Math.abs(d) * (Math.abs(kc) + Math.abs(jc) + 2 * m);
  }
  return gap > SLACK * (scale + upperJ) + TINY;
}

/**
 * Exact argmin over the candidates in ascending order with a strict `<`: any channel
 * count, SLICO, the first round, and blocks with more than {@link MAX_LISTED} candidates.
 */
function scanBlockGeneric(round: Round, by0: number, by1: number, bx0: number, bx1: number, n: number): void {
  const { centres, spatialWeight, startLabel, firstRound, slicZero, features, labels, work } = round;
  const { width } = round.blocks;
  const { channels: C, dyTerm, dxTerm, y0, y1, x0, x1 } = centres;
  const { ids, colour, scale } = work;
  for (let i = 0; i < n; i++) {
    const k = ids[i];
    for (let c = 0; c < C; c++) colour[i * C + c] = centres.colour[k * C + c];
    scale[i] = centres.maxDistColour[k];
  }
  for (let y = by0; y < by1; y++) {
    for (let x = bx0, p = y * width + bx0; x < bx1; x++, p++) {
      // First round: every colour is 0, and (f − 0)² sums the same for every centre.
      let common = 0;
      if (firstRound) {
        for (let c = 0; c < C; c++) {
          const diff = features[p * C + c];
          common += diff * diff;
        }
      }
      let best = Number.MAX_VALUE;
      let bestK = -1;
      for (let i = 0; i < n; i++) {
        const k = ids[i];
        if (y < y0[k] || y >= y1[k] || x < x0[k] || x >= x1[k]) continue;
        const ds = (dyTerm[k * centres.rowStride + (y - y0[k])] + dxTerm[k * centres.colStride + (x - x0[k])]) * spatialWeight;
        let dc = common;
        if (!firstRound) {
          dc = 0;
          for (let c = 0; c < C; c++) {
            const diff = features[p * C + c] - colour[i * C + c];
            dc += diff * diff;
          }
        }
        const d = slicZero ? ds + dc / scale[i] : ds + dc;
        if (d < best) {
          best = d;
          bestK = k;
        }
      }
      labels[p] = bestK < 0 ? startLabel - 1 : bestK + startLabel;
    }
  }
}

