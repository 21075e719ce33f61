/**
 * The assign/update rounds of SLIC (scikit-image's `_slic_cython`, 2-D, no mask),
 * restructured for speed while producing the same labels bit for bit.
 *
 * scikit-image visits centre after centre and lets each overwrite a full-image
 * distance buffer where it is strictly closer. The label a pixel ends with is the
 * centre with the smallest distance among those whose window contains it, ties going
 * to the lowest index. We compute exactly that argmin, with the same floating-point
 * expression for every distance that is compared, but avoid most comparisons:
 *
 * - Each pixel starts from the centre it belonged to in the previous round. SLIC's
 *   distance is a squared Euclidean distance in (y·√w, x·√w, colour) space, so by the
 *   triangle inequality a centre k cannot beat centre a for pixel p when
 *   ‖a − k‖ ≥ 2·‖p − a‖ (Elkan's bound). Centres are kept sorted by their distance
 *   to a, so the scan stops at the first one that cannot win. The bound carries a
 *   relative margin of 1e-9, far above rounding error, so only centres that lose by a
 *   clear margin are skipped; every near-tie is computed exactly.
 * - The first round (no previous assignment), SLICO (whose distance is not one metric)
 *   and the rare pixel outside its previous centre's window use a plain scan over the
 *   centres whose window reaches the pixel's tile, in ascending index order.
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
   * Use the triangle-inequality bounds (default). `false` forces the plain scan in
   * every round: same labels, slower; kept for tests and benchmarks.
   */
  readonly pruning?: boolean;
}

const TILE = 32;
/** Above this many seeds the all-pairs neighbour lists cost more than they save. */
const MAX_SEEDS_FOR_BOUNDS = 4096;
const MARGIN = 1 + 1e-9;


/** Mutable per-round state shared by the assignment passes. */
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
  /** `(sz·cz)² + (sy·(cy − y))²` per centre and row, valid inside the window. */
  readonly dyTerm: Float64Array;
  /** `(sx·(cx − x))²` per centre and column, valid inside the window. */
  readonly dxTerm: Float64Array;
  /** How far each centre moved in the last update, in SLIC's metric (∞ when it died). */
  readonly drift: Float64Array;
}

/** Runs the SLIC rounds and returns the label image (`startLabel - 1` where unassigned). */
export function slicKMeans(input: SlicKMeansInput): Int32Array {
  const { features, width, height, channels: C, maxNumIter, slicZero, startLabel } = input;
  const K = input.seedY.length;
  const total = width * height;
  const unset = startLabel - 1;
  const labels = new Int32Array(total).fill(unset);
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
    dyTerm: new Float64Array(K * height),
    dxTerm: new Float64Array(K * width),
    drift: new Float64Array(K).fill(Infinity),
  };
  const useBounds = (input.pruning ?? true) && !slicZero && K <= MAX_SEEDS_FOR_BOUNDS;
  const neighbours = useBounds ? new NeighbourLists(K) : undefined;
  // Per pixel, an upper bound of its distance to its centre (Hamerly's bound).
  const upper = useBounds ? new Float64Array(total).fill(Infinity) : undefined;
  // Per pixel, a lower bound of its distance to every other centre.
  const lower = useBounds ? new Float64Array(total) : undefined;
  const sums = new CentreSums(K, C);

  for (let iter = 0; iter < maxNumIter; iter++) {
    updateWindows(centres, input, width, height);
    if (iter > 0 && neighbours) {
      neighbours.rebuild(centres, input, spatialWeight);
      let maxDrift = 0;
      for (let k = 0; k < K; k++) if (centres.alive[k] === 1 && centres.drift[k] > maxDrift) maxDrift = centres.drift[k];
      assignWithBounds(
        features,
        labels,
        upper as Float64Array,
        lower as Float64Array,
        centres,
        neighbours,
        width,
        height,
        spatialWeight,
        startLabel,
        maxDrift,
      );
    } else {
      assignPlain(features, labels, centres, width, height, spatialWeight, slicZero, startLabel, iter === 0);
    }
    // The last round's centre update is never used, so skip it.
    if (iter === maxNumIter - 1) break;
    sums.update(centres, features, labels, width, height, unset, startLabel, slicZero, input.spacing, spatialWeight);
  }
  return labels;
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
      s.dyTerm[k * height + y] = dz + d * d;
    }
    for (let x = x0; x < x1; x++) {
      const d = sx * (cxk - x);
      s.dxTerm[k * width + x] = d * d;
    }
  }
}

/**
 * Per centre, the other centres that can compete for a pixel of its window, sorted by
 * their distance to it in SLIC's metric.
 */
class NeighbourLists {
  readonly offsets: Int32Array;
  readonly ids: Int32Array;
  readonly dist: Float64Array;
  /** Half the distance from each centre to its nearest competitor (∞ if none). */
  readonly half: Float64Array;
  /**
   * A lower bound of the distance from any pixel of a centre's window to any centre
   * missing from that centre's list.
   */
  outsideBound = Infinity;
  /** Square of a lower bound of the distance from a pixel to a centre whose window misses it. */
  windowBoundSq = 0;
  private readonly scratchIds: Int32Array;
  private readonly scratchDist: Float64Array;

  constructor(K: number) {
    this.offsets = new Int32Array(K + 1);
    this.ids = new Int32Array(K * K);
    this.dist = new Float64Array(K * K);
    this.half = new Float64Array(K);
    this.scratchIds = new Int32Array(K);
    this.scratchDist = new Float64Array(K);
  }

  start(a: number): number {
    return this.offsets[a];
  }

  end(a: number): number {
    return this.offsets[a + 1];
  }

  rebuild(s: Centres, input: SlicKMeansInput, spatialWeight: number): void {
    const { K, C } = s;
    const [, sy, sx] = input.spacing;
    // Pixels of a's window lie within 2w of a and a competitor's window reaches 2w
    // further, so 4w would do; the lists reach twice as far so that a centre left out
    // is provably distant (see `outsideBound`) and per-pixel lower bounds stay useful.
    const reachY = 8 * input.windowY + 4;
    const reachX = 8 * input.windowX + 4;
    const wb = Math.min(sy * 2 * input.windowY, sx * 2 * input.windowX);
    this.windowBoundSq = wb * wb * spatialWeight;
    this.outsideBound =
      Math.min(sy * (reachY - 2 * input.windowY - 1), sx * (reachX - 2 * input.windowX - 1)) * Math.sqrt(spatialWeight);
    let o = 0;
    for (let a = 0; a < K; a++) {
      this.offsets[a] = o;
      if (s.alive[a] === 0) continue;
      let n = 0;
      for (let k = 0; k < K; k++) {
        if (k === a || s.alive[k] === 0) continue;
        const dy = s.cy[a] - s.cy[k];
        const dx = s.cx[a] - s.cx[k];
        if (Math.abs(dy) > reachY || Math.abs(dx) > reachX) continue;
        let dc = 0;
        for (let c = 0; c < C; c++) {
          const d = s.colour[a * C + c] - s.colour[k * C + c];
          dc += d * d;
        }
        const ey = sy * dy, ex = sx * dx;
        const dist = Math.sqrt((ey * ey + ex * ex) * spatialWeight + dc);
        // insertion into the sorted scratch list (neighbour counts are small)
        let j = n++;
        while (j > 0 && this.scratchDist[j - 1] > dist) {
          this.scratchDist[j] = this.scratchDist[j - 1];
          this.scratchIds[j] = this.scratchIds[j - 1];
          j--;
        }
        this.scratchDist[j] = dist;
        this.scratchIds[j] = k;
      }
      this.half[a] = n > 0 ? this.scratchDist[0] / 2 : Infinity;
      this.ids.set(this.scratchIds.subarray(0, n), o);
      this.dist.set(this.scratchDist.subarray(0, n), o);
      o += n;
    }
    this.offsets[K] = o;
  }
}

/** SLIC's distance from pixel p (at y, x) to centre k, evaluated as scikit-image does. */
function distance(
  features: Float64Array,
  s: Centres,
  k: number,
  p: number,
  y: number,
  x: number,
  width: number,
  height: number,
  spatialWeight: number,
): number {
  const C = s.C;
  const colour = s.colour;
  const ds = (s.dyTerm[k * height + y] + s.dxTerm[k * width + x]) * spatialWeight;
  if (C === 3) {
    const f = p * 3, c = k * 3;
    const d0 = features[f] - colour[c];
    const d1 = features[f + 1] - colour[c + 1];
    const d2 = features[f + 2] - colour[c + 2];
    return ds + (d0 * d0 + d1 * d1 + d2 * d2);
  }
  let dc = 0;
  for (let c = 0; c < C; c++) {
    const diff = features[p * C + c] - colour[k * C + c];
    dc += diff * diff;
  }
  return ds + dc;
}

function assignWithBounds(
  features: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  s: Centres,
  nb: NeighbourLists,
  width: number,
  height: number,
  spatialWeight: number,
  startLabel: number,
  maxDrift: number,
): void {
  // Everything the loop touches is hoisted into locals: this is the hot loop.
  const { y0, y1, x0, x1, alive, drift, dyTerm, dxTerm, colour, C } = s;
  const { half } = nb;
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      const a = labels[p] - startLabel;
      if (a < 0 || alive[a] === 0 || y < y0[a] || y >= y1[a] || x < x0[a] || x >= x1[a]) {
        labels[p] = scanAll(features, s, p, y, x, width, height, spatialWeight, startLabel);
        // No bounds are known for the new assignment.
        upper[p] = Infinity;
        lower[p] = 0;
        continue;
      }
      // Hamerly: ‖p − a‖ ≤ upper + drift(a) and every other centre is ≥ lower − maxDrift
      // away. Elkan: every competitor k has ‖a − k‖ ≥ 2·half[a], so if ‖p − a‖ ≤ half[a]
      // no k is closer. Either way the label stays and nothing is computed.
      const u = upper[p] + drift[a];
      const l = lower[p] - maxDrift;
      const ha = half[a];
      const limit = l > ha ? l : ha;
      if (u * MARGIN + 1e-12 < limit) {
        upper[p] = u;
        lower[p] = l;
        continue;
      }

      const f = p * C;
      let best: number;
      if (C === 3) {
        const d0 = features[f] - colour[a * 3], d1 = features[f + 1] - colour[a * 3 + 1], d2 = features[f + 2] - colour[a * 3 + 2];
        best = (dyTerm[a * height + y] + dxTerm[a * width + x]) * spatialWeight + (d0 * d0 + d1 * d1 + d2 * d2);
      } else {
        best = distance(features, s, a, p, y, x, width, height, spatialWeight);
      }
      const own = Math.sqrt(best);
      if (own * MARGIN + 1e-12 < limit) {
        upper[p] = own;
        lower[p] = l;
        continue;
      }

      labels[p] =
        scanNeighbours(features, s, nb, upper, lower, p, y, x, a, best, own, width, height, spatialWeight) + startLabel;
    }
  }
}

/**
 * The pixel's centre may have lost: compare it with its neighbours in order of their
 * distance to it, stopping at the first that cannot win, and record new bounds.
 * Returns the winning centre.
 */
function scanNeighbours(
  features: Float64Array,
  s: Centres,
  nb: NeighbourLists,
  upper: Float64Array,
  lower: Float64Array,
  p: number,
  y: number,
  x: number,
  a: number,
  best: number,
  own: number,
  width: number,
  height: number,
  spatialWeight: number,
): number {
  const { y0, y1, x0, x1, dyTerm, dxTerm, colour, C } = s;
  const { ids, dist, offsets, outsideBound, windowBoundSq } = nb;
  const f = p * C;
  let bestK = a;
  // A centre at distance ≥ 2·‖p − a‖ from a is farther from p than a is.
  const cutoff = 2 * own * MARGIN + 1e-12;
  let second = Infinity;
  let tail = outsideBound;
  for (let i = offsets[a], end = offsets[a + 1]; i < end; i++) {
    const dak = dist[i];
    if (dak >= cutoff) {
      // The list is sorted: every centre from here on is at least this far from p.
      const t = dak - own;
      if (t < tail) tail = t;
      break;
    }
    const k = ids[i];
    if (y < y0[k] || y >= y1[k] || x < x0[k] || x >= x1[k]) {
      // Not a competitor now, but it may become one. Its window misses p, so p is
      // more than 2w from it along some axis: that distance bounds it from below.
      if (windowBoundSq < second) second = windowBoundSq;
      continue;
    }
    let d: number;
    if (C === 3) {
      const d0 = features[f] - colour[k * 3], d1 = features[f + 1] - colour[k * 3 + 1], d2 = features[f + 2] - colour[k * 3 + 2];
      d = (dyTerm[k * height + y] + dxTerm[k * width + x]) * spatialWeight + (d0 * d0 + d1 * d1 + d2 * d2);
    } else {
      d = distance(features, s, k, p, y, x, width, height, spatialWeight);
    }
    if (d < best || (d === best && k < bestK)) {
      if (best < second) second = best;
      best = d;
      bestK = k;
    } else if (d < second) {
      second = d;
    }
  }
  const secondDist = Math.sqrt(second);
  upper[p] = Math.sqrt(best);
  lower[p] = (secondDist < tail ? secondDist : tail) / MARGIN;
  return bestK;
}


/** Exhaustive argmin over every live centre whose window contains the pixel. */
function scanAll(
  features: Float64Array,
  s: Centres,
  p: number,
  y: number,
  x: number,
  width: number,
  height: number,
  spatialWeight: number,
  startLabel: number,
): number {
  let best = Number.MAX_VALUE;
  let bestK = -1;
  for (let k = 0; k < s.K; k++) {
    if (s.alive[k] === 0 || y < s.y0[k] || y >= s.y1[k] || x < s.x0[k] || x >= s.x1[k]) continue;
    const d = distance(features, s, k, p, y, x, width, height, spatialWeight);
    if (d < best) {
      best = d;
      bestK = k;
    }
  }
  return bestK + startLabel;
}

/**
 * The plain pass: for each tile, the centres whose window reaches it, in ascending
 * index order with a strict comparison (ties to the lowest index, as scikit-image).
 */
function assignPlain(
  features: Float64Array,
  labels: Int32Array,
  s: Centres,
  width: number,
  height: number,
  spatialWeight: number,
  slicZero: boolean,
  startLabel: number,
  firstRound: boolean,
): void {
  const { K, C, y0, y1, x0, x1, alive } = s;
  const candidates = new Int32Array(K);
  const candColour = new Float64Array(K * C);
  const candScale = new Float64Array(K);
  const tileDx = new Float64Array(K * TILE);
  const rowDy = new Float64Array(K);
  const inRow = new Uint8Array(K);
  const inCol = new Uint8Array(K * TILE);
  const unset = startLabel - 1;

  for (let ty0 = 0; ty0 < height; ty0 += TILE) {
    const ty1 = Math.min(ty0 + TILE, height);
    for (let tx0 = 0; tx0 < width; tx0 += TILE) {
      const tx1 = Math.min(tx0 + TILE, width);
      let n = 0;
      for (let k = 0; k < K; k++) {
        if (alive[k] === 0 || y0[k] >= ty1 || y1[k] <= ty0 || x0[k] >= tx1 || x1[k] <= tx0) continue;
        candidates[n] = k;
        candScale[n] = slicZero ? s.maxDistColour[k] : 1;
        for (let c = 0; c < C; c++) candColour[n * C + c] = s.colour[k * C + c];
        for (let x = tx0; x < tx1; x++) {
          const inside = x >= x0[k] && x < x1[k];
          inCol[n * TILE + (x - tx0)] = inside ? 1 : 0;
          tileDx[n * TILE + (x - tx0)] = inside ? s.dxTerm[k * width + x] : 0;
        }
        n++;
      }
      for (let y = ty0; y < ty1; y++) {
        for (let ci = 0; ci < n; ci++) {
          const k = candidates[ci];
          const inside = y >= y0[k] && y < y1[k];
          inRow[ci] = inside ? 1 : 0;
          rowDy[ci] = inside ? s.dyTerm[k * height + y] : 0;
        }
        for (let x = tx0, p = y * width + tx0; x < tx1; x++, p++) {
          const xi = x - tx0;
          let best = Number.MAX_VALUE;
          let bestK = -1;
          if (firstRound) {
            // Every centre's colour is still 0, so the colour term is the same value
            // for every candidate: compute it once.
            let dc = 0;
            for (let c = 0; c < C; c++) {
              const diff = features[p * C + c] - 0;
              dc += diff * diff;
            }
            for (let ci = 0; ci < n; ci++) {
              if (inRow[ci] === 0 || inCol[ci * TILE + xi] === 0) continue;
              const ds = (rowDy[ci] + tileDx[ci * TILE + xi]) * spatialWeight;
              const d = slicZero ? ds + dc / candScale[ci] : ds + dc;
              if (d < best) {
                best = d;
                bestK = candidates[ci];
              }
            }
          } else {
            for (let ci = 0; ci < n; ci++) {
              if (inRow[ci] === 0 || inCol[ci * TILE + xi] === 0) continue;
              const ds = (rowDy[ci] + tileDx[ci * TILE + xi]) * spatialWeight;
              let dc = 0;
              for (let c = 0; c < C; c++) {
                const diff = features[p * C + c] - candColour[ci * C + c];
                dc += diff * diff;
              }
              const d = slicZero ? ds + dc / candScale[ci] : ds + dc;
              if (d < best) {
                best = d;
                bestK = candidates[ci];
              }
            }
          }
          labels[p] = bestK < 0 ? unset : bestK + startLabel;
        }
      }
    }
  }
}

/** Centre update: sequential sums in raster order, then one division (as scikit-image). */
class CentreSums {
  private readonly count: Float64Array;
  private readonly sumY: Float64Array;
  private readonly sumX: Float64Array;
  private readonly sumC: Float64Array;

  constructor(K: number, C: number) {
    this.count = new Float64Array(K);
    this.sumY = new Float64Array(K);
    this.sumX = new Float64Array(K);
    this.sumC = new Float64Array(K * C);
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
    spacing: readonly [number, number, number],
    spatialWeight: number,
  ): void {
    const { K, C } = s;
    const { count, sumY, sumX, sumC } = this;
    count.fill(0);
    sumY.fill(0);
    sumX.fill(0);
    sumC.fill(0);
    for (let y = 0; y < height; y++) {
      const row = y * width;
      let x = 0;
      while (x < width) {
        const l = labels[row + x];
        let end = x + 1;
        while (end < width && labels[row + end] === l) end++;
        if (l !== unset) {
          const k = l - startLabel;
          const len = end - x;
          // Coordinate sums are exact integers in float64, so they may be added per run;
          // colour sums keep scikit-image's pixel-by-pixel order (a register accumulator
          // performs the same additions as the array element would).
          count[k] += len;
          sumY[k] += y * len;
          sumX[k] += ((x + end - 1) * len) / 2;
          for (let c = 0; c < C; c++) {
            let acc = sumC[k * C + c];
            for (let q = row + x; q < row + end; q++) acc += features[q * C + c];
            sumC[k * C + c] = acc;
          }
        }
        x = end;
      }
    }
    const [, sy, sx] = spacing;
    for (let k = 0; k < K; k++) {
      const nk = count[k];
      const ny = sumY[k] / nk;
      const nx = sumX[k] / nk;
      let moved = 0;
      for (let c = 0; c < C; c++) {
        const v = sumC[k * C + c] / nk;
        const d = v - s.colour[k * C + c];
        moved += d * d;
        s.colour[k * C + c] = v;
      }
      const ey = sy * (ny - s.cy[k]), ex = sx * (nx - s.cx[k]);
      const drift = Math.sqrt((ey * ey + ex * ex) * spatialWeight + moved);
      s.drift[k] = Number.isNaN(drift) ? Infinity : drift;
      s.cz[k] = 0 / nk;
      s.cy[k] = ny;
      s.cx[k] = nx;
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
