/**
 * One batch of Kernel SHAP coalitions: the masks a model call receives, and for each
 * the coalition's small side, complement flag and weights that the regression needs
 * once the outputs come back.
 *
 * @internal
 */
import { CoalitionCursor } from './kernel-shap-cursor.js';
import type { CoalitionPlan } from './kernel-shap-sampler.js';

/**
 * Writes a plan's coalitions batch after batch into masks reused from call to call.
 * Coalition 0 is the empty one and coalition 1 the full one; the plan's coalitions
 * follow, in the cursor's order.
 */
export class CoalitionBatch {
  /** Most masks per batch. */
  readonly capacity: number;
  /** Entries per row of {@link CoalitionBatch.indices}: the plan's largest small side. */
  readonly stride: number;
  /** Row r's small side at `indices[r·stride ..]`. */
  readonly indices: Int32Array;
  /** Size of row r's small side. */
  readonly sizes: Int32Array;
  /** 1 when row r's coalition is the complement of its small side. */
  readonly complement: Uint8Array;
  /** Kernel weight of row r. */
  readonly weights: Float64Array;
  /**
   * Row r's weight in the Gram matrix: a coalition and its complement share the u·uᵀ
   * term, so the first of a pair carries it doubled and the second 0.
   */
  readonly gramWeights: Float64Array;
  /** Where row r's subset is dealt among the drawn ones (a coalition and its complement share it; see `CoalitionCursor.drawnRow`); −1 when enumerated. */
  readonly drawnRows: Int32Array;

  private readonly numFeatures: number;
  private readonly cursor: CoalitionCursor;
  /** All masks in one buffer, with one view per row made once. */
  private readonly maskBuffer: Uint8Array;
  private readonly maskViews: Uint8Array[];

  constructor(plan: CoalitionPlan, capacity: number) {
    const M = plan.numFeatures;
    this.numFeatures = M;
    this.capacity = capacity;
    this.stride = plan.stride;
    this.cursor = new CoalitionCursor(plan);
    this.indices = new Int32Array(capacity * Math.max(1, plan.stride));
    this.sizes = new Int32Array(capacity);
    this.complement = new Uint8Array(capacity);
    this.weights = new Float64Array(capacity);
    this.gramWeights = new Float64Array(capacity);
    this.drawnRows = new Int32Array(capacity);
    // Views made once: making them per call showed in the time of a cheap model.
    this.maskBuffer = new Uint8Array(capacity * M);
    this.maskViews = Array.from({ length: capacity }, (_, r) => this.maskBuffer.subarray(r * M, (r + 1) * M));
  }

  /**
   * Writes coalitions `first .. first + count − 1` (`count` ≤ capacity) and returns
   * their masks. The masks are overwritten by the next call.
   */
  fill(first: number, count: number): Uint8Array[] {
    const { cursor, maskBuffer, stride, numFeatures: M } = this;
    const masks = count === this.capacity ? this.maskViews : this.maskViews.slice(0, count);
    for (let r = 0; r < count; r++) {
      const index = first + r;
      if (index === 0 || index === 1) {
        masks[r].fill(index); // the empty, then the full coalition
        continue;
      }
      cursor.next();
      const size = cursor.size;
      this.sizes[r] = size;
      this.complement[r] = cursor.complement ? 1 : 0;
      this.weights[r] = cursor.weight;
      this.gramWeights[r] = cursor.complement ? 0 : cursor.followedByComplement ? 2 * cursor.weight : cursor.weight;
      this.drawnRows[r] = cursor.drawnRow;
      const indices = cursor.indices;
      const at = r * stride;
      for (let a = 0; a < size; a++) this.indices[at + a] = indices[a];
      // Written through the shared buffer: faster than through the view, and than TypedArray#fill.
      const base = r * M;
      const absent = cursor.complement ? 1 : 0;
      for (let j = 0; j < M; j++) maskBuffer[base + j] = absent;
      const present = 1 - absent;
      for (let a = 0; a < size; a++) maskBuffer[base + indices[a]] = present;
    }
    return masks;
  }
}
