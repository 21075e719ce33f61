/**
 * An exact k-nearest-neighbour search (Euclidean) over a k-d tree: built in O(n log n),
 * each query visiting O(log n) nodes on well-spread data, instead of the O(n) per query of
 * a brute-force scan. Exact: the neighbours are those a brute-force scan sorted by
 * (squared distance, point index) returns — among points at the same distance the lower
 * index wins, so ties have one documented answer.
 *
 * Squared distances are summed over the dimensions in order, the same arithmetic for every
 * pair, and a subtree is skipped only when its lower bound exceeds the current k-th
 * distance, or equals it while every index in the subtree is larger. The bound is the
 * squared distance to the subtree's bounding box, summed in the same order: each of its
 * terms is at most the matching term of any point inside, and floating-point rounding is
 * monotonic, so the bound never exceeds a computed distance — pruning is exact.
 *
 * @packageDocumentation
 */

/** Points at most this many to a leaf. @default 16 */
const LEAF_SIZE = 16;

/** A k-d tree over `n` points of `d` coordinates, row-major in `points`. */
export class KdTree {
  readonly #points: Float64Array;
  readonly #d: number;
  readonly #perm: Int32Array;
  // Node arrays; node 0 is the root. Leaves have left = -1.
  #start: Int32Array;
  #end: Int32Array;
  #left: Int32Array;
  #right: Int32Array;
  #minIndex: Int32Array;
  /** Per node, `d` lower then `d` upper corners of its points' bounding box. */
  #box: Float64Array;
  #nodes = 0;
  #depth = 0;
  /** The points in `perm` order, so that a leaf's points lie together in memory. */
  #sorted: Float64Array;
  /** The traversal stack (depth-first: at most two entries per level). */
  #stackNode: Int32Array;
  #stackBound: Float64Array;
  // The best k of a query, sorted by (distance, index).
  #bestDist = new Float64Array(0);
  #bestIndex = new Int32Array(0);

  /**
   * @param points - `n × d` coordinates, row-major; kept, not copied.
   * @param n - the number of points.
   * @param d - coordinates per point (≥ 1).
   */
  constructor(points: Float64Array, n: number, d: number) {
    this.#points = points;
    this.#d = d;
    this.#perm = new Int32Array(n);
    for (let i = 0; i < n; i++) this.#perm[i] = i;
    const capacity = Math.max(1, 2 * Math.ceil(n / (LEAF_SIZE / 2)) + 1);
    this.#start = new Int32Array(capacity);
    this.#end = new Int32Array(capacity);
    this.#left = new Int32Array(capacity);
    this.#right = new Int32Array(capacity);
    this.#minIndex = new Int32Array(capacity);
    this.#box = new Float64Array(capacity * 2 * d);
    this.#build(n);
    this.#sorted = new Float64Array(n * d);
    for (let i = 0; i < n; i++) this.#sorted.set(points.subarray((this.#perm[i] as number) * d, (this.#perm[i] as number) * d + d), i * d);
    this.#stackNode = new Int32Array(2 * (this.#depth + 2));
    this.#stackBound = new Float64Array(2 * (this.#depth + 2));
  }

  #newNode(start: number, end: number): number {
    const node = this.#nodes++;
    this.#start[node] = start;
    this.#end[node] = end;
    this.#left[node] = -1;
    this.#right[node] = -1;
    return node;
  }

  #build(n: number): void {
    const d = this.#d;
    const points = this.#points;
    const perm = this.#perm;
    const stack: number[] = [this.#newNode(0, n)];
    const depthOf: number[] = [0];
    while (stack.length > 0) {
      const node = stack.pop() as number;
      const depth = depthOf.pop() as number;
      if (depth > this.#depth) this.#depth = depth;
      const start = this.#start[node] as number;
      const end = this.#end[node] as number;
      let minIndex = 0x7fffffff;
      for (let i = start; i < end; i++) if ((perm[i] as number) < minIndex) minIndex = perm[i] as number;
      this.#minIndex[node] = minIndex;
      // The bounding box; the split goes on its widest side.
      const box = this.#box;
      const lo0 = node * 2 * d;
      let bestDim = 0;
      let bestSpread = -1;
      for (let j = 0; j < d; j++) {
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = start; i < end; i++) {
          const v = points[(perm[i] as number) * d + j] as number;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        box[lo0 + j] = lo;
        box[lo0 + d + j] = hi;
        if (hi - lo > bestSpread) {
          bestSpread = hi - lo;
          bestDim = j;
        }
      }
      if (end - start <= LEAF_SIZE) continue;
      const mid = (start + end) >> 1;
      this.#select(start, end - 1, mid, bestDim);
      const left = this.#newNode(start, mid);
      const right = this.#newNode(mid, end);
      this.#left[node] = left;
      this.#right[node] = right;
      stack.push(left, right);
      depthOf.push(depth + 1, depth + 1);
    }
  }

  /** Reorders perm[lo..hi] so that perm[nth] holds the nth smallest coordinate `dim` (quickselect). */
  #select(lo: number, hi: number, nth: number, dim: number): void {
    const perm = this.#perm;
    const points = this.#points;
    const d = this.#d;
    const key = (i: number): number => points[(perm[i] as number) * d + dim] as number;
    const swap = (i: number, j: number): void => {
      const t = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = t;
    };
    while (hi > lo) {
      // Median of three as the pivot.
      const m = (lo + hi) >> 1;
      if (key(m) < key(lo)) swap(m, lo);
      if (key(hi) < key(lo)) swap(hi, lo);
      if (key(hi) < key(m)) swap(hi, m);
      const pivot = key(m);
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (key(i) < pivot) i++;
        while (key(j) > pivot) j--;
        if (i <= j) {
          swap(i, j);
          i++;
          j--;
        }
      }
      if (nth <= j) hi = j;
      else if (nth >= i) lo = i;
      else return;
    }
  }

  /**
   * The `k` nearest points to the query (coordinates `query[offset .. offset + d)`), written
   * to `outIndex` (point indices) and `outDist` (squared distances), nearest first. Returns
   * how many were found (`min(k, n)`).
   */
  nearest(query: Float64Array, offset: number, k: number, outIndex: Int32Array, outDist: Float64Array): number {
    if (this.#bestDist.length < k) {
      this.#bestDist = new Float64Array(k);
      this.#bestIndex = new Int32Array(k);
    }
    const bestDist = this.#bestDist;
    const bestIndex = this.#bestIndex;
    const d = this.#d;
    const points = this.#sorted;
    const perm = this.#perm;
    const box = this.#box;
    const left = this.#left;
    const right = this.#right;
    const start = this.#start;
    const end = this.#end;
    const minIndex = this.#minIndex;
    let count = 0;
    if (this.#nodes === 0 || (end[0] as number) === 0) return 0;
    // Depth first, nearer child first; a popped node is re-checked against the k-th distance.
    const stackNode = this.#stackNode;
    const stackBound = this.#stackBound;
    let top = 0;
    stackNode[top] = 0;
    stackBound[top++] = 0;
    while (top > 0) {
      const node = stackNode[--top] as number;
      const nodeBound = stackBound[top] as number;
      if (count === k) {
        const worst = bestDist[k - 1] as number;
        if (nodeBound > worst || (nodeBound === worst && (minIndex[node] as number) > (bestIndex[k - 1] as number))) continue;
      }
      const l = left[node] as number;
      if (l >= 0) {
        const r = right[node] as number;
        // Squared distances to both children's boxes, summed over the dimensions in order.
        let bl = 0;
        let br = 0;
        const baseL = l * 2 * d;
        const baseR = r * 2 * d;
        for (let j = 0; j < d; j++) {
          const q = query[offset + j] as number;
          const loL = box[baseL + j] as number;
          const hiL = box[baseL + d + j] as number;
          const gl = q < loL ? loL - q : q > hiL ? q - hiL : 0;
          bl += gl * gl;
          const loR = box[baseR + j] as number;
          const hiR = box[baseR + d + j] as number;
          const gr = q < loR ? loR - q : q > hiR ? q - hiR : 0;
          br += gr * gr;
        }
        if (bl <= br) {
          stackNode[top] = r;
          stackBound[top++] = br;
          stackNode[top] = l;
          stackBound[top++] = bl;
        } else {
          stackNode[top] = l;
          stackBound[top++] = bl;
          stackNode[top] = r;
          stackBound[top++] = br;
        }
        continue;
      }
      const stop = end[node] as number;
      for (let i = start[node] as number; i < stop; i++) {
        const index = perm[i] as number;
        const worst = count < k ? Infinity : (bestDist[k - 1] as number);
        const base = i * d;
        let dist = 0;
        for (let j = 0; j < d && dist <= worst; j++) {
          const diff = (points[base + j] as number) - (query[offset + j] as number);
          dist += diff * diff;
        }
        if (dist > worst) continue;
        if (count === k && dist === worst && index > (bestIndex[k - 1] as number)) continue;
        // Insert in (distance, index) order.
        let pos = count < k ? count++ : k - 1;
        while (pos > 0) {
          const pd = bestDist[pos - 1] as number;
          if (pd < dist || (pd === dist && (bestIndex[pos - 1] as number) < index)) break;
          bestDist[pos] = pd;
          bestIndex[pos] = bestIndex[pos - 1] as number;
          pos--;
        }
        bestDist[pos] = dist;
        bestIndex[pos] = index;
      }
    }
    for (let i = 0; i < count; i++) {
      outIndex[i] = bestIndex[i] as number;
      outDist[i] = bestDist[i] as number;
    }
    return count;
  }
}
