/**
 * The per-block scans of the SLIC rounds: after `slic-kmeans.ts` has dropped the
 * candidates that lose everywhere in a block, these compute the exact argmin at each
 * of its pixels (3 channels; other cases take `scanBlockGeneric`). The V8 patterns
 * they rely on (closure constants, scratch arrays, visit lists, int32 locals) are
 * explained once, in docs/internals/slic.md.
 * @internal
 */
import { BLOCK, type Centres, MAX_LISTED, PAIR_TABLE_MAX, type Round, SLACK, SLOT_CAP, TINY } from './slic-kmeans-types.js';

/**
 * Doubles per candidate in the scans' packed scratch: colour, the block's BLOCK row
 * terms (from {@link ROW_TERMS}), then its BLOCK column terms (from {@link COLUMN_TERMS}).
 */
const PACKED = 3 + 2 * BLOCK;
const ROW_TERMS = 3;
const COLUMN_TERMS = 3 + BLOCK;

/**
 * The block scans and their scratch arrays. The arrays have fixed sizes (blocks with
 * up to {@link MAX_LISTED} candidates, up to {@link PAIR_TABLE_MAX} centres, slots for
 * {@link SLOT_CAP} centres) and are constants of this closure, made once when the
 * module loads; each scan copies them into locals first. Why: docs/internals/slic.md,
 * "Closure constants".
 */
function createBlockScans() {
  const packedScratch = new Float64Array(MAX_LISTED * PACKED);
  const orderScratch = new Int32Array((MAX_LISTED + 1) * (MAX_LISTED + 1));
  const thresholdScratch = new Float64Array((MAX_LISTED + 1) * (MAX_LISTED + 1));
  const pairTable = new Float64Array(PAIR_TABLE_MAX * PAIR_TABLE_MAX);
  /** Per scanned candidate, its label (centre index + start label). */
  const labelScratch = new Int32Array(MAX_LISTED);
  /**
   * At `k + 1` (a label minus the unset label), where centre `k` sits among the
   * scanned candidates of the current block, -1 otherwise; slot 0 (an unset label) is
   * always -1. Centres from {@link SLOT_CAP} on have no slot.
   */
  const slotScratch = new Int32Array(SLOT_CAP).fill(-1);

  /**
   * Packs the block's first `n` candidates (see {@link PACKED}): each spatial term is
   * +∞ outside the candidate's window, so that it never wins there.
   */
  function packCandidates(round: Round, by0: number, by1: number, bx0: number, bx1: number, n: number): void {
    const packed = packedScratch;
    const { centres, work } = round;
    const { ids } = work;
    const { dyTerm, dxTerm } = centres;
    const packedSize = PACKED | 0, rowTerms = ROW_TERMS, columnTerms = COLUMN_TERMS | 0;
    for (let i = 0, o = 0; i < n; i++, o += packedSize) {
      const k = ids[i];
      packed[o] = centres.colour[3 * k];
      packed[o + 1] = centres.colour[3 * k + 1];
      packed[o + 2] = centres.colour[3 * k + 2];
      const y0 = centres.y0[k], y1 = centres.y1[k], rowBase = k * centres.rowStride - y0;
      for (let y = by0, q = o + rowTerms; y < by1; y++, q++) packed[q] = y >= y0 && y < y1 ? dyTerm[rowBase + y] : Infinity;
      const x0 = centres.x0[k], x1 = centres.x1[k], colBase = k * centres.colStride - x0;
      for (let x = bx0, q = o + columnTerms; x < bx1; x++, q++) packed[q] = x >= x0 && x < x1 ? dxTerm[colBase + x] : Infinity;
    }
  }

  /**
   * {@link scanBlock3} for a block left with two candidates (common: a block on the
   * border of two segments): both distances at every pixel, with each candidate's
   * colour and row term in locals, so a pixel reads only its features and two column
   * terms. Ties go to the lower index; +∞ for both leaves the pixel unassigned.
   */
  function scanBlockPair(round: Round, by0: number, by1: number, bx0: number, bx1: number): void {
    const packed = packedScratch;
    const { startLabel, features, labels, work } = round;
    const { width } = round.blocks;
    const { ids } = work;
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
    const packed = packedScratch;
    const labelOf = labelScratch;
    const { startLabel, features, labels, work } = round;
    const { width } = round.blocks;
    const { ids } = work;
    const spatialWeight = round.spatialWeight;
    const packedSize = PACKED | 0, count = n | 0, unsetLabel = (startLabel - 1) | 0;
    packCandidates(round, by0, by1, bx0, bx1, n);
    for (let i = 0; i < n; i++) labelOf[i] = ids[i] + startLabel;
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
        labels[p] = bestI < 0 ? unsetLabel : labelOf[bestI];
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
   * full distance could not come out below it.
   *
   * Everything a pixel reads about a candidate sits in one packed array: colour, the
   * block's row and column spatial terms, +∞ outside the candidate's window so that it
   * never wins there. Index arithmetic in the pixel loop is written `(a + b) | 0` (see
   * docs/internals/slic.md, "Integers and locals").
   */
  function scanBlock3(round: Round, by0: number, by1: number, bx0: number, bx1: number, n: number): void {
    const packed = packedScratch;
    const order = orderScratch;
    const threshold = thresholdScratch;
    const { startLabel, features, labels, work } = round;
    const { width } = round.blocks;
    const labelOf = labelScratch;
    const slotOf = slotScratch;
    const spatialWeight = round.spatialWeight;
    // Module-level constants in locals, integers as int32 (docs/internals/slic.md,
    // "Integers and locals").
    const unsetLabel = (startLabel - 1) | 0, slotCap = SLOT_CAP | 0;
    const packedSize = PACKED | 0;
    const slackUp = 1 + SLACK;
    prepareListScan(round, by0, by1, bx0, bx1, n);
    // Offsets of the row and column terms in a candidate's packed doubles.
    const rowTerms = ROW_TERMS, columnTerms = COLUMN_TERMS | 0;
    const stride = (n + 1) | 0;
    for (let y = by0, yo = rowTerms; y < by1; y++, yo++) {
      let xo = columnTerms, p = y * width + bx0, f = 3 * p;
      const pEnd = y * width + bx1;
      // The pixel loop leaves to build a visit list the first time one is needed, then
      // resumes at the same pixel: no call inside it (docs/internals/slic.md, "Visit lists").
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
            // The slot is -1 for an unset label and for centres that are not candidates
            // here. A centre without a slot starts from list 0 like an unset label: the
            // same argmin, found after more distances.
            const slot = (label - unsetLabel) | 0;
            q = slot < slotCap ? slotOf[slot] : -1;
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
              if (d < best || (d === best && labelOf[i] < labelOf[bestI])) {
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
          else if (bestI !== q) labels[p] = labelOf[bestI];
        }
        if (p >= pEnd) break;
        buildVisitOrder(round, n, missing);
      }
    }
    clearSlots(work.ids, n);
  }

  /**
   * Readies the scratch for {@link scanBlock3}: the block's candidates sorted by lower
   * bound and packed, each one's label, the slots of their centres, and visit list 0.
   */
  function prepareListScan(round: Round, by0: number, by1: number, bx0: number, bx1: number, n: number): void {
    const labelOf = labelScratch;
    const slotOf = slotScratch;
    const { startLabel, work } = round;
    const { ids, lower } = work;
    const slotCap = SLOT_CAP | 0;
    sortByLower(ids, lower, n);
    packCandidates(round, by0, by1, bx0, bx1, n);
    for (let i = 0; i < n; i++) {
      const k = ids[i];
      labelOf[i] = k + startLabel;
      if (k + 1 < slotCap) slotOf[k + 1] = i;
    }
    buildVisitOrders(round, n);
  }

  /** Clears the slots {@link prepareListScan} set, so that the next block starts with none. */
  function clearSlots(ids: Int32Array, n: number): void {
    const slotOf = slotScratch;
    const slotCap = SLOT_CAP | 0;
    for (let i = 0; i < n; i++) if (ids[i] + 1 < slotCap) slotOf[ids[i] + 1] = -1;
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
   * (many are never needed): until then it starts with a −∞ threshold, which every
   * walk enters, and the order entry −1.
   */
  function buildVisitOrders(round: Round, n: number): void {
    const order = orderScratch;
    const threshold = thresholdScratch;
    const { lower } = round.work;
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
  function quarterDistance(centres: Centres, wy: number, wx: number, b: number, i: number): number {
    const { cy, cx, colour } = centres;
    const ey = cy[i] - cy[b], ex = cx[i] - cx[b];
    const c0 = colour[3 * i] - colour[3 * b], c1 = colour[3 * i + 1] - colour[3 * b + 1], c2 = colour[3 * i + 2] - colour[3 * b + 2];
    return ((wy * ey * ey + wx * ex * ex + c0 * c0 + c1 * c1 + c2 * c2) * (1 - SLACK)) / 4 - TINY;
  }

  /** Fills `pairs[b·K + i]` with {@link quarterDistance} for every two live centres. */
  function tabulatePairs(round: Round): void {
    const pairs = pairTable;
    const { centres, spatialWeight, sy, sx } = round;
    const wy = spatialWeight * sy * sy, wx = spatialWeight * sx * sx;
    const K = centres.count;
    for (let b = 0; b < K; b++) {
      if (centres.alive[b] === 0) continue;
      for (let i = 0; i < K; i++) if (centres.alive[i] === 1) pairs[b * K + i] = quarterDistance(centres, wy, wx, b, i);
    }
  }

  /** Builds list `b + 1` of {@link buildVisitOrders} (list 0 must be built). */
  function buildVisitOrder(round: Round, n: number, b: number): void {
    const order = orderScratch;
    const threshold = thresholdScratch;
    const pairs = pairTable;
    const { centres, spatialWeight, sy, sx, work, tabulated } = round;
    const { ids } = work;
    const stride = (n + 1) | 0;
    const wy = spatialWeight * sy * sy, wx = spatialWeight * sx * sx;
    const base = Math.imul(b + 1, stride);
    const kb = ids[b], row = Math.imul(kb, centres.count);
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (i === b) continue;
      const ki = ids[i];
      const quarter = tabulated ? pairs[row + ki] : quarterDistance(centres, wy, wx, kb, ki);
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

  return { scanBlockPair, scanFirstRound3, scanBlock3, tabulatePairs };
}

/** The block scans, made once when the module loads (see {@link createBlockScans}). */
export const { scanBlockPair, scanFirstRound3, scanBlock3, tabulatePairs } = createBlockScans();

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

