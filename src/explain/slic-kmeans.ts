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
 */

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
  /**
   * Drop candidates by the block bounds (default). `false` computes every candidate's
   * distance at every pixel: same labels, slower; kept for tests and benchmarks.
   */
  readonly pruning?: boolean;
}

/**
 * Block side in pixels. Smaller blocks have tighter boxes but cost more per pixel;
 * `npm run bench -- slic` on 512² and 1448² photos found 16 faster than 8, 4, and
 * 32/16/8-level subdivision.
 */
const BLOCK = 16;
/** Relative slack on both bounds: rounding error is below 1e-15 relative. */
const SLACK = 1e-9;
/** Absolute slack covering squares that underflow. */
const TINY = 1e-290;
/**
 * Blocks with more candidates than this (only with tiny superpixels) take the plain
 * scan, which needs no visit lists (they take (n + 1)² entries).
 */
const MAX_LISTED = 64;

/**
 * Up to this many centres, each round tabulates the visit lists' quarter distances
 * between every two centres once (K² doubles: 128 kB at 128) instead of computing
 * them per block and list.
 */
const PAIR_TABLE_MAX = 128;

/** Mutable per-round state of the centres. */
interface Centres {
  readonly K: number;
  readonly C: number;
  readonly cz: Float64Array;
  readonly cy: Float64Array;
  readonly cx: Float64Array;
  readonly colour: Float64Array;
  readonly maxDistColour: Float64Array;
  readonly alive: Uint8Array;
  readonly y0: Int32Array;
  readonly y1: Int32Array;
  readonly x0: Int32Array;
  readonly x1: Int32Array;
  /**
   * `(sz·cz)² + (sy·(cy − y))²` per centre and row of its window, at
   * `k·rowStride + (y − y0[k])` (windows are at most `rowStride` rows high, so memory
   * grows with K·S, not K·height).
   */
  readonly dyTerm: Float64Array;
  readonly rowStride: number;
  /** `(sx·(cx − x))²` per centre and column of its window, at `k·colStride + (x − x0[k])`. */
  readonly dxTerm: Float64Array;
  readonly colStride: number;
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
    K,
    C,
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
  const pruning = input.pruning ?? true;
  const blocks = new Blocks(width, height, BLOCK);
  const boxes = pruning ? colourBoxes(features, C, blocks) : undefined;
  const lists = new BlockCandidates(blocks, K);
  const work = new BlockScratch(K, C);
  const sums = new CentreSums(K, C);

  // Visit lists exist only for 3 channels after the first round, without SLICO.
  const pairs = pruning && C === 3 && !slicZero && K <= PAIR_TABLE_MAX ? new Float64Array(K * K) : undefined;

  for (let iter = 0; iter < maxNumIter; iter++) {
    updateWindows(centres, input, width, height);
    lists.rebuild(centres);
    const round: Round = {
      s: centres, spatialWeight, firstRound: iter === 0, slicZero, startLabel, features, labels, blocks, boxes, work,
      sz: input.spacing[0], sy: input.spacing[1], sx: input.spacing[2], pairs,
    };
    if (pairs && iter > 0) tabulatePairs(round, pairs);
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

/** Everything one assignment round reads or writes. */
interface Round {
  readonly s: Centres;
  readonly spatialWeight: number;
  readonly firstRound: boolean;
  readonly slicZero: boolean;
  readonly startLabel: number;
  readonly features: Float64Array;
  readonly labels: Int32Array;
  readonly blocks: Blocks;
  readonly boxes: ColourBoxes | undefined;
  readonly work: BlockScratch;
  /** Spacing along depth, y and x. */
  readonly sz: number;
  readonly sy: number;
  readonly sx: number;
  /** This round's {@link quarterDistance} of every two centres, `K × K`, when tabulated. */
  readonly pairs: Float64Array | undefined;
}

/** Windows and spatial terms, from the same expressions as scikit-image. */
function updateWindows(s: Centres, input: SlicKMeansInput, width: number, height: number): void {
  const [sz, sy, sx] = input.spacing;
  const wy2 = 2 * input.windowY;
  const wx2 = 2 * input.windowX;
  for (let k = 0; k < s.K; k++) {
    const czk = s.cz[k], cyk = s.cy[k], cxk = s.cx[k];
    // A centre that lost all its pixels is NaN and can never win again.
    if (Number.isNaN(czk) || Number.isNaN(cyk) || Number.isNaN(cxk)) {
      s.alive[k] = 0;
      s.y0[k] = s.y1[k] = s.x0[k] = s.x1[k] = 0;
      continue;
    }
    s.alive[k] = 1;
    const y0 = (s.y0[k] = Math.trunc(Math.max(cyk - wy2, 0)));
    const y1 = (s.y1[k] = Math.trunc(Math.min(cyk + wy2 + 1, height)));
    const x0 = (s.x0[k] = Math.trunc(Math.max(cxk - wx2, 0)));
    const x1 = (s.x1[k] = Math.trunc(Math.min(cxk + wx2 + 1, width)));
    // dz = (sz·(cz − 0))² is 0 for a live 2-D centre, and scikit-image adds it first.
    const dzv = sz * czk;
    const dz = dzv * dzv;
    for (let y = y0; y < y1; y++) {
      const d = sy * (cyk - y);
      s.dyTerm[k * s.rowStride + (y - y0)] = dz + d * d;
    }
    for (let x = x0; x < x1; x++) {
      const d = sx * (cxk - x);
      s.dxTerm[k * s.colStride + (x - x0)] = d * d;
    }
  }
}

/** The image cut into `side × side` blocks (smaller at the right and bottom edges), row-major. */
class Blocks {
  readonly cols: number;
  readonly rows: number;
  readonly count: number;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly side: number,
  ) {
    this.cols = Math.ceil(width / side);
    this.rows = Math.ceil(height / side);
    this.count = this.cols * this.rows;
  }
}

/** Per block and channel, the smallest and largest feature value. */
interface ColourBoxes {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
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

  rebuild(s: Centres): void {
    const { offsets, fill, blocks } = this;
    const { side, cols } = blocks;
    offsets.fill(0);
    for (let k = 0; k < s.K; k++) {
      if (s.alive[k] === 0 || s.y1[k] <= s.y0[k] || s.x1[k] <= s.x0[k]) continue;
      const r0 = Math.floor(s.y0[k] / side), r1 = Math.floor((s.y1[k] - 1) / side);
      const c0 = Math.floor(s.x0[k] / side), c1 = Math.floor((s.x1[k] - 1) / side);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) offsets[r * cols + c + 1]++;
    }
    for (let t = 0; t < blocks.count; t++) offsets[t + 1] += offsets[t];
    if (this.ids.length < offsets[blocks.count]) this.ids = new Int32Array(offsets[blocks.count]);
    const ids = this.ids;
    fill.set(offsets.subarray(0, blocks.count));
    for (let k = 0; k < s.K; k++) {
      if (s.alive[k] === 0 || s.y1[k] <= s.y0[k] || s.x1[k] <= s.x0[k]) continue;
      const r0 = Math.floor(s.y0[k] / side), r1 = Math.floor((s.y1[k] - 1) / side);
      const c0 = Math.floor(s.x0[k] / side), c1 = Math.floor((s.x1[k] - 1) / side);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) ids[fill[r * cols + c]++] = k;
    }
  }
}

/** Working arrays for the current block's candidates, allocated once. */
class BlockScratch {
  readonly ids: Int32Array;
  /** Whether the candidate's window covers the whole block. */
  readonly full: Uint8Array;
  /** A lower bound of the candidate's distance to every pixel of the block. */
  readonly lower: Float64Array;
  /**
   * At `k + 1`, where centre `k` sits among the scanned candidates of the current
   * block, -1 otherwise; slot 0 (an unset label) is always -1.
   */
  readonly position: Int32Array;
  /** Visit lists of the scanned candidates and their thresholds (see {@link buildVisitOrders}). */
  readonly order: Int32Array;
  readonly threshold: Float64Array;
  /** Per scanned candidate, {@link PACKED} doubles (see {@link scanBlock3}). */
  readonly packed: Float64Array;
  /** Per scanned candidate: colour and SLICO scale (generic scan). */
  readonly colour: Float64Array;
  readonly scale: Float64Array;

  constructor(K: number, C: number) {
    this.ids = new Int32Array(K);
    this.full = new Uint8Array(K);
    this.lower = new Float64Array(K);
    this.position = new Int32Array(K + 1).fill(-1);
    const lists = Math.min(K, MAX_LISTED) + 1;
    this.order = new Int32Array(lists * lists);
    this.threshold = new Float64Array(lists * lists);
    this.packed = new Float64Array(K * PACKED);
    this.colour = new Float64Array(K * C);
    this.scale = new Float64Array(K);
  }
}

/**
 * Labels block `b`, whose `count` candidates are in the scratch: drop the candidates
 * that lose everywhere in it, then fill it or scan it.
 */
function assignBlock(round: Round, b: number, count: number): void {
  const { s, work, labels, startLabel, blocks, boxes } = round;
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
    full[i] = s.y0[k] <= by0 && s.y1[k] >= by1 && s.x0[k] <= bx0 && s.x1[k] >= bx1 ? 1 : 0;
  }
  if (boxes && n > 1) n = dropLosers(round, boxes, b, by0, by1, bx0, bx1, n);
  if (n === 1 && full[0] === 1) {
    const label = ids[0] + startLabel;
    // Rows are a few pixels long: a plain loop beats `fill`'s call overhead.
    for (let y = by0; y < by1; y++) for (let p = y * width + bx0, end = y * width + bx1; p < end; p++) labels[p] = label;
    return;
  }
  if (boxes && s.C === 3 && round.firstRound) {
    scanFirstRound3(round, by0, by1, bx0, bx1, n);
  } else if (boxes && s.C === 3 && !round.slicZero && !round.firstRound && n <= MAX_LISTED) {
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
  const { s, spatialWeight, firstRound, slicZero, work, sz, sy, sx } = round;
  const { C, colour, cy, cx, cz, maxDistColour } = s;
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
  const { s, spatialWeight, sy, sx } = round;
  const { C, colour, cy, cx } = s;
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
 * Doubles per candidate in {@link BlockScratch.packed}: colour, the block's BLOCK row
 * terms (from {@link ROW_TERMS}), then its BLOCK column terms (from {@link COLUMN_TERMS}).
 */
const PACKED = 3 + 2 * BLOCK;
const ROW_TERMS = 3;
const COLUMN_TERMS = 3 + BLOCK;

/**
 * Packs the block's first `n` candidates (see {@link PACKED}): each spatial term is
 * +∞ outside the candidate's window, so that it never wins there.
 */
function packCandidates(round: Round, by0: number, by1: number, bx0: number, bx1: number, n: number): void {
  const { s, work } = round;
  const { ids, packed } = work;
  const { dyTerm, dxTerm } = s;
  const packedSize = PACKED | 0, rowTerms = ROW_TERMS, columnTerms = COLUMN_TERMS | 0;
  for (let i = 0, o = 0; i < n; i++, o += packedSize) {
    const k = ids[i];
    packed[o] = s.colour[3 * k];
    packed[o + 1] = s.colour[3 * k + 1];
    packed[o + 2] = s.colour[3 * k + 2];
    const y0 = s.y0[k], y1 = s.y1[k], rowBase = k * s.rowStride - y0;
    for (let y = by0, q = o + rowTerms; y < by1; y++, q++) packed[q] = y >= y0 && y < y1 ? dyTerm[rowBase + y] : Infinity;
    const x0 = s.x0[k], x1 = s.x1[k], colBase = k * s.colStride - x0;
    for (let x = bx0, q = o + columnTerms; x < bx1; x++, q++) packed[q] = x >= x0 && x < x1 ? dxTerm[colBase + x] : Infinity;
  }
}

/**
 * {@link scanBlock3} for a block left with two candidates (a quarter of the scanned
 * pixels on the bench photos): both distances at every pixel, with each candidate's
 * colour and row term in locals, so a pixel reads only its features and two column
 * terms. Ties go to the lower index; +∞ for both leaves the pixel unassigned.
 */
function scanBlockPair(round: Round, by0: number, by1: number, bx0: number, bx1: number): void {
  const { startLabel, features, labels, work } = round;
  const { width } = round.blocks;
  const { ids, packed } = work;
  const spatialWeight = round.spatialWeight;
  packCandidates(round, by0, by1, bx0, bx1, 2);
  const unsetLabel = (startLabel - 1) | 0;
  // Candidates arrive in ascending index order, so `d1 < d0` alone settles ties.
  const o0 = 0, o1 = PACKED | 0;
  const label0 = (ids[0] + startLabel) | 0, label1 = (ids[1] + startLabel) | 0;
  const r0 = packed[o0], g0 = packed[o0 + 1], b0 = packed[o0 + 2];
  const r1 = packed[o1], g1 = packed[o1 + 1], b1 = packed[o1 + 2];
  const columns0 = (o0 + COLUMN_TERMS) | 0, columns1 = (o1 + COLUMN_TERMS) | 0;
  for (let y = by0, yo = ROW_TERMS | 0; y < by1; y++, yo++) {
    const row0 = packed[(o0 + yo) | 0], row1 = packed[(o1 + yo) | 0];
    for (let x = 0, p = y * width + bx0, f = 3 * p, pEnd = y * width + bx1; p < pEnd; x = (x + 1) | 0, p = (p + 1) | 0, f = (f + 3) | 0) {
      const f0 = features[f], f1 = features[(f + 1) | 0], f2 = features[(f + 2) | 0];
      const a0 = f0 - r0, c0 = f1 - g0, e0 = f2 - b0;
      const d0 = (row0 + packed[(columns0 + x) | 0]) * spatialWeight + (a0 * a0 + c0 * c0 + e0 * e0);
      const a1 = f0 - r1, c1 = f1 - g1, e1 = f2 - b1;
      const d1 = (row1 + packed[(columns1 + x) | 0]) * spatialWeight + (a1 * a1 + c1 * c1 + e1 * e1);
      labels[p] = d1 < d0 ? label1 : d0 !== Infinity ? label0 : unsetLabel;
    }
  }
}

/**
 * The first round for 3 channels: every centre's colour is still 0, so a pixel's
 * colour term `(f − 0)²` is the same for all its candidates and is computed once;
 * each candidate adds its spatial term from the packed row and column terms (+∞
 * outside its window). Candidates arrive in ascending index order and a strict `<`
 * keeps the first of equal distances, as scikit-image does. SLICO's colour scale is
 * still 1 here, and dividing by 1 is exact.
 */
function scanFirstRound3(round: Round, by0: number, by1: number, bx0: number, bx1: number, n: number): void {
  const { startLabel, features, labels, work } = round;
  const { width } = round.blocks;
  const { ids, packed } = work;
  const spatialWeight = round.spatialWeight;
  const packedSize = PACKED | 0, count = n | 0, unsetLabel = (startLabel - 1) | 0;
  packCandidates(round, by0, by1, bx0, bx1, n);
  for (let y = by0, yo = ROW_TERMS | 0; y < by1; y++, yo++) {
    for (let xo = COLUMN_TERMS | 0, p = y * width + bx0, pEnd = y * width + bx1; p < pEnd; xo = (xo + 1) | 0, p = (p + 1) | 0) {
      const f = Math.imul(p, 3);
      const f0 = features[f], f1 = features[(f + 1) | 0], f2 = features[(f + 2) | 0];
      const common = f0 * f0 + f1 * f1 + f2 * f2;
      let best = Infinity;
      let bestI = -1;
      for (let i = 0, o = 0; i < count; i = (i + 1) | 0, o = (o + packedSize) | 0) {
        const d = (packed[(o + yo) | 0] + packed[(o + xo) | 0]) * spatialWeight + common;
        if (d < best) {
          best = d;
          bestI = i;
        }
      }
      labels[p] = bestI < 0 ? unsetLabel : (ids[bestI] + startLabel) | 0;
    }
  }
}

/**
 * Exact argmin over the candidates for 3 channels after the first round, with
 * scikit-image's expression; ties go to the lowest index.
 *
 * Per pixel, the centre it had last round is computed first (it usually wins
 * again). Then, with centre `b` the best so far at distance `d_b`, a candidate `i`
 * needs its distance computed only if both its lower bound over the block and a
 * quarter of its squared distance to `b` are at most `d_b` (SLIC's metric is a
 * squared Euclidean distance, so by the triangle inequality a centre at least twice
 * as far from `b` as the pixel is cannot come closer). Per block, each candidate `b`
 * gets the list of the others sorted by the larger of those two thresholds (built the
 * first time a pixel needs it), so a pixel walks the list of its current best until
 * the first threshold above `d_b` and starts over on the new best's list when one
 * wins: no candidate is visited only to be skipped. Both tests keep the 1e-9 margin.
 * A visited candidate is passed over once the first one or two squared colour
 * differences of its distance exceed `d_b` (by the same margin): the distance adds
 * only non-negative terms to that partial sum, and rounding is monotonic, so the
 * full distance could not come out below it (on the bench photos this passes over
 * about half of the visited candidates).
 *
 * Everything a pixel reads about a candidate sits in one packed array (V8 checks and
 * reloads each typed array it touches): colour, the block's row and column spatial
 * terms, +∞ outside the candidate's window so that it never wins there. Index
 * arithmetic in the pixel loop is written `(a + b) | 0`: the sums are small, and
 * without the `| 0` V8 checks each one for overflow (4.6% of the scan's instructions).
 */
function scanBlock3(round: Round, by0: number, by1: number, bx0: number, bx1: number, n: number): void {
  const { startLabel, features, labels, work } = round;
  const { width } = round.blocks;
  const { ids, lower, position, packed, order, threshold } = work;
  const spatialWeight = round.spatialWeight;
  const firstLabel = startLabel | 0, unsetLabel = (startLabel - 1) | 0;
  // Module-level constants in locals, integers as int32: V8 reloads and type-checks a
  // module-level constant at every use, and converts an untyped integer at every
  // multiply (3.6% and 6.3% of the scan's instructions, counted with callgrind).
  const packedSize = PACKED | 0;
  const slackUp = 1 + SLACK;
  sortByLower(ids, lower, n);
  packCandidates(round, by0, by1, bx0, bx1, n);
  for (let i = 0; i < n; i++) position[ids[i] + 1] = i;
  // Offsets of the row and column terms in a candidate's packed doubles.
  const rowTerms = ROW_TERMS, columnTerms = COLUMN_TERMS | 0;
  buildVisitOrders(round, n);
  const stride = (n + 1) | 0;
  for (let y = by0, yo = rowTerms; y < by1; y++, yo++) {
    let xo = columnTerms, p = y * width + bx0, f = 3 * p;
    const pEnd = y * width + bx1;
    // The pixel loop leaves to build a visit list the first time one is needed, then
    // resumes at the same pixel: with no call inside it, V8 keeps the pixel's values
    // in registers instead of spilling them around the call.
    for (let missing = -1; ; missing = -1) {
      // Along a row most pixels had the same centre last round as their left
      // neighbour: what that label leads to (its candidate slot, colour, row term, the
      // first threshold of its list) stays in locals until the label changes. Reset
      // here, at each row and after a list is built.
      let seen = (unsetLabel - 1) | 0; // no label has this value
      let q = -1, o = 0, r0 = 0, g0 = 0, b0 = 0, row0 = 0, list0 = 0, first = 0;
      pixels: for (; p < pEnd; xo = (xo + 1) | 0, p = (p + 1) | 0, f = (f + 3) | 0) {
        const f0 = features[f], f1 = features[(f + 1) | 0], f2 = features[(f + 2) | 0];
        const label = labels[p];
        if (label !== seen) {
          seen = label;
          // position is -1 for an unset label and for centres that are not candidates here.
          q = position[(label - unsetLabel) | 0];
          // List 0 holds every candidate by lower bound; list b + 1 the others for best b.
          list0 = Math.imul(q + 1, stride);
          first = threshold[list0];
          if (q >= 0) {
            o = Math.imul(q, packedSize);
            r0 = packed[o];
            g0 = packed[(o + 1) | 0];
            b0 = packed[(o + 2) | 0];
            row0 = packed[(o + yo) | 0];
          }
        }
        let best = Infinity;
        let bestI = -1;
        if (q >= 0) {
          const a = f0 - r0, b = f1 - g0, c = f2 - b0;
          best = (row0 + packed[(o + xo) | 0]) * spatialWeight + (a * a + b * b + c * c);
          bestI = q;
        }
        let bound = best * slackUp;
        // The walk's first test, from the local copy of the list's first threshold.
        if (first <= bound) {
          let list = list0;
          for (let j = list; threshold[j] <= bound; j = (j + 1) | 0) {
            const i = order[j];
            if (i < 0) {
              // This list has not been built yet in this block.
              missing = bestI;
              break pixels;
            }
            const oi = Math.imul(i, packedSize);
            // Distances only grow with each added square, so a partial sum above the
            // bound already rules the candidate out.
            const a = f0 - packed[oi];
            const aa = a * a;
            if (aa > bound) continue;
            const b = f1 - packed[(oi + 1) | 0];
            const ab = aa + b * b;
            if (ab > bound) continue;
            const c = f2 - packed[(oi + 2) | 0];
            const d = (packed[(oi + yo) | 0] + packed[(oi + xo) | 0]) * spatialWeight + (ab + c * c);
            if (d < best || (d === best && ids[i] < ids[bestI])) {
              best = d;
              bestI = i;
              bound = best * slackUp;
              list = Math.imul(i + 1, stride);
              // Start over on the new best's list (the loop's j++ lands on its first entry).
              j = (list - 1) | 0;
            }
          }
        }
        // +∞ everywhere: no candidate's window holds the pixel. A pixel whose previous
        // centre won again keeps its label, which is already in place.
        if (best === Infinity) labels[p] = unsetLabel;
        else if (bestI !== q) labels[p] = (ids[bestI] + firstLabel) | 0;
      }
      if (p >= pEnd) break;
      buildVisitOrder(round, n, missing);
    }
  }
  for (let i = 0; i < n; i++) position[ids[i] + 1] = -1;
}

/**
 * The visit lists of {@link scanBlock3}: list 0, every candidate with its lower bound
 * (already sorted); list `b + 1`, every other candidate with the larger of its lower
 * bound and a quarter of its squared distance to `b`, ascending. Each list ends with
 * NaN (and lists are `n + 1` long), so the walk needs no length check: `NaN <= bound`
 * is false even while the best distance is still +∞ (a pixel outside the windows seen
 * so far), where an +∞ end marker would let the walk run on into the next list.
 *
 * Only list 0 is built here. A block typically holds a few of its candidates' labels,
 * so list `b + 1` is built by {@link buildVisitOrder} when a pixel first needs it
 * (44–63% of the lists are ever needed on the bench photos): until then it starts
 * with a −∞ threshold, which every walk enters, and the order entry −1.
 */
function buildVisitOrders(round: Round, n: number): void {
  const { order, threshold, lower } = round.work;
  const stride = n + 1;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    threshold[i] = lower[i] * (1 - SLACK) - TINY;
  }
  threshold[n] = NaN;
  for (let b = 0; b < n; b++) {
    threshold[(b + 1) * stride] = -Infinity;
    order[(b + 1) * stride] = -1;
  }
}

/**
 * A quarter of the squared distance between centres `b` and `i` (3 channels), less
 * the 1e-9 margin: a centre this far from the best one cannot come closer to a pixel
 * than the best's distance (see {@link scanBlock3}).
 */
function quarterDistance(s: Centres, wy: number, wx: number, b: number, i: number): number {
  const { cy, cx, colour } = s;
  const ey = cy[i] - cy[b], ex = cx[i] - cx[b];
  const c0 = colour[3 * i] - colour[3 * b], c1 = colour[3 * i + 1] - colour[3 * b + 1], c2 = colour[3 * i + 2] - colour[3 * b + 2];
  return ((wy * ey * ey + wx * ex * ex + c0 * c0 + c1 * c1 + c2 * c2) * (1 - SLACK)) / 4 - TINY;
}

/** Fills `pairs[b·K + i]` with {@link quarterDistance} for every two live centres. */
function tabulatePairs(round: Round, pairs: Float64Array): void {
  const { s, spatialWeight, sy, sx } = round;
  const wy = spatialWeight * sy * sy, wx = spatialWeight * sx * sx;
  const K = s.K;
  for (let b = 0; b < K; b++) {
    if (s.alive[b] === 0) continue;
    for (let i = 0; i < K; i++) if (s.alive[i] === 1) pairs[b * K + i] = quarterDistance(s, wy, wx, b, i);
  }
}

/** Builds list `b + 1` of {@link buildVisitOrders} (list 0 must be built). */
function buildVisitOrder(round: Round, n: number, b: number): void {
  const { s, spatialWeight, sy, sx, work, pairs } = round;
  const { ids, order, threshold } = work;
  const stride = (n + 1) | 0;
  const wy = spatialWeight * sy * sy, wx = spatialWeight * sx * sx;
  const base = Math.imul(b + 1, stride);
  const kb = ids[b], row = Math.imul(kb, s.K);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (i === b) continue;
    const ki = ids[i];
    const quarter = pairs ? pairs[row + ki] : quarterDistance(s, wy, wx, kb, ki);
    const cut = threshold[i];
    const t = quarter > cut ? quarter : cut;
    // Insertion into the sorted prefix (lists are short).
    let j = base + m;
    while (j > base && threshold[j - 1] > t) {
      threshold[j] = threshold[j - 1];
      order[j] = order[j - 1];
      j--;
    }
    threshold[j] = t;
    order[j] = i;
    m++;
  }
  for (; m < stride; m++) threshold[base + m] = NaN;
}

/**
 * Insertion sort of the first `n` candidates by lower bound (n is small). Their
 * `full` flags are not carried along: the scan does not read them.
 */
function sortByLower(ids: Int32Array, lower: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const k = ids[i], l = lower[i];
    let j = i;
    while (j > 0 && lower[j - 1] > l) {
      ids[j] = ids[j - 1];
      lower[j] = lower[j - 1];
      j--;
    }
    ids[j] = k;
    lower[j] = l;
  }
}

/**
 * Exact argmin over the candidates in ascending order with a strict `<`: any channel
 * count, SLICO, the first round, and runs without pruning.
 */
function scanBlockGeneric(round: Round, by0: number, by1: number, bx0: number, bx1: number, n: number): void {
  const { s, spatialWeight, startLabel, firstRound, slicZero, features, labels, work } = round;
  const { width } = round.blocks;
  const { C, dyTerm, dxTerm, y0, y1, x0, x1 } = s;
  const { ids, colour, scale } = work;
  for (let i = 0; i < n; i++) {
    const k = ids[i];
    for (let c = 0; c < C; c++) colour[i * C + c] = s.colour[k * C + c];
    scale[i] = s.maxDistColour[k];
  }
  for (let y = by0; y < by1; y++) {
    for (let x = bx0, p = y * width + bx0; x < bx1; x++, p++) {
      // First round: every colour is 0, and (f − 0)² sums the same for every centre.
      let common = 0;
      if (firstRound) {
        for (let c = 0; c < C; c++) {
          const diff = features[p * C + c] - 0;
          common += diff * diff;
        }
      }
      let best = Number.MAX_VALUE;
      let bestK = -1;
      for (let i = 0; i < n; i++) {
        const k = ids[i];
        if (y < y0[k] || y >= y1[k] || x < x0[k] || x >= x1[k]) continue;
        const ds = (dyTerm[k * s.rowStride + (y - y0[k])] + dxTerm[k * s.colStride + (x - x0[k])]) * spatialWeight;
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

/** Centre update: sequential sums in raster order, then one division (as scikit-image). */
class CentreSums {
  /**
   * Per centre, `3 + C` doubles: pixel count, sum of y, sum of x, then the colour
   * sums. One array, because V8 checks each typed array it touches on every access.
   */
  private readonly acc: Float64Array;

  constructor(K: number, C: number) {
    this.acc = new Float64Array(K * (3 + C));
  }

  update(
    s: Centres,
    features: Float64Array,
    labels: Int32Array,
    width: number,
    height: number,
    unset: number,
    startLabel: number,
    slicZero: boolean,
  ): void {
    const { K, C } = s;
    const acc = this.acc;
    // Parameters and fields as int32 once: V8 converts untyped numbers at every use.
    const stride = (3 + C) | 0, w = width | 0, none = unset | 0, first = startLabel | 0;
    acc.fill(0);
    if (C === 3) sumRgbRuns(acc, features, labels, w, height, none, first);
    else {
      for (let y = 0; y < height; y++) {
        const row = Math.imul(y, w);
        let x = 0;
        while (x < w) {
          const l = labels[(row + x) | 0];
          let end = (x + 1) | 0;
          while (end < w && labels[(row + end) | 0] === l) end = (end + 1) | 0;
          if (l !== none) {
            const a = Math.imul(l - first, stride);
            addRunCoordinates(acc, a, y, x, end);
            for (let c = 0; c < C; c++) {
              let sum = acc[a + 3 + c];
              for (let q = row + x; q < row + end; q++) sum += features[q * C + c];
              acc[a + 3 + c] = sum;
            }
          }
          x = end;
        }
      }
    }
    for (let k = 0, a = 0; k < K; k++, a += stride) {
      const nk = acc[a];
      for (let c = 0; c < C; c++) s.colour[k * C + c] = acc[a + 3 + c] / nk;
      s.cz[k] = 0 / nk;
      s.cy[k] = acc[a + 1] / nk;
      s.cx[k] = acc[a + 2] / nk;
    }
    if (!slicZero) return;
    // SLICO: the largest colour distance of each segment's members only ever grows.
    for (let p = 0; p < labels.length; p++) {
      const l = labels[p];
      if (l === unset) continue;
      const k = l - startLabel;
      let dc = 0;
      for (let c = 0; c < C; c++) {
        const diff = features[p * C + c] - s.colour[k * C + c];
        dc += diff * diff;
      }
      if (s.maxDistColour[k] < dc) s.maxDistColour[k] = dc;
    }
  }
}

/**
 * Adds a run of one label, row `y`, columns `x .. end − 1`, to its count and
 * coordinate sums at `acc[a..a+2]`. Coordinate sums are exact integers in float64,
 * so they may be added per run.
 */
function addRunCoordinates(acc: Float64Array, a: number, y: number, x: number, end: number): void {
  const len = end - x;
  acc[a] += len;
  acc[a + 1] += y * len;
  acc[a + 2] += ((x + end - 1) * len) / 2;
}

/**
 * {@link CentreSums.update}'s sums for 3 channels, run by run: the colour sums keep
 * scikit-image's pixel-by-pixel order in register accumulators (the same additions as
 * the array elements would perform), and the loop that adds a pixel also tests
 * whether the next one continues the run, so each label is read once.
 */
function sumRgbRuns(
  acc: Float64Array,
  features: Float64Array,
  labels: Int32Array,
  w: number,
  height: number,
  none: number,
  first: number,
): void {
  for (let y = 0; y < height; y++) {
    const row = Math.imul(y, w), rowEnd = (row + w) | 0;
    let p = row;
    while (p < rowEnd) {
      const l = labels[p];
      const start = p;
      p = (p + 1) | 0;
      if (l === none) {
        while (p < rowEnd && labels[p] === none) p = (p + 1) | 0;
        continue;
      }
      // 3 + C = 6 doubles per centre (see CentreSums).
      const a = Math.imul(l - first, 6);
      let f = Math.imul(start, 3);
      let a0 = acc[(a + 3) | 0] + features[f], a1 = acc[(a + 4) | 0] + features[(f + 1) | 0], a2 = acc[(a + 5) | 0] + features[(f + 2) | 0];
      // Two pixels per pass while the run lasts: V8 re-checks both arrays after every
      // loop back-edge, so this halves those checks for the pixels of long runs.
      const pairEnd = (rowEnd - 1) | 0;
      for (; p < pairEnd && labels[p] === l && labels[(p + 1) | 0] === l; p = (p + 2) | 0) {
        a0 += features[(f + 3) | 0];
        a1 += features[(f + 4) | 0];
        a2 += features[(f + 5) | 0];
        a0 += features[(f + 6) | 0];
        a1 += features[(f + 7) | 0];
        a2 += features[(f + 8) | 0];
        f = (f + 6) | 0;
      }
      if (p < rowEnd && labels[p] === l) {
        a0 += features[(f + 3) | 0];
        a1 += features[(f + 4) | 0];
        a2 += features[(f + 5) | 0];
        p = (p + 1) | 0;
      }
      acc[(a + 3) | 0] = a0;
      acc[(a + 4) | 0] = a1;
      acc[(a + 5) | 0] = a2;
      addRunCoordinates(acc, a, y, start - row, p - row);
    }
  }
}
