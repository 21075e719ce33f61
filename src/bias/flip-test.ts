/**
 * FT, the flip test: a k-NN classifier (k = 5 when the advantaged side has more than 9
 * rows, else 1; Euclidean, uniform votes, raw features) fitted on the advantaged rows'
 * predicted labels predicts each disadvantaged row; FT = (#(model 1, k-NN 0) −
 * #(model 0, k-NN 1)) / n_d, as smclarify computes it with scikit-learn.
 *
 * The neighbours come from {@link KdTree}: exact, O(n log n) on well-spread data. At a
 * distance tie at the k-th neighbour the earlier advantaged row (in row order) wins;
 * scikit-learn leaves such ties to its tree's internals.
 *
 * @packageDocumentation
 */
import { KdTree } from './kd-tree.js';
import { MetricFailure, divide } from './metrics.js';

/** The neighbours FT uses: 5 with more than 9 advantaged rows, else 1 (smclarify's constants). */
export function flipTestNeighbours(advantagedRows: number): number {
  return advantagedRows > 9 ? 5 : 1;
}

/** The rows the flip test needs, for one facet entry. */
export interface FlipTestInput {
  /** `rows × stride` features, row-major (all candidate columns). */
  readonly features: Float64Array;
  readonly rows: number;
  readonly stride: number;
  /** The feature columns this facet's table keeps (indices into a row's `stride` values), in table order. */
  readonly dims: readonly number[];
  /** Per row: 1 when the row is in the disadvantaged (selected) facet group. */
  readonly sensitive: (row: number) => boolean;
  /** Per row: 1 for a positive prediction. */
  readonly predicted: Uint8Array;
}

/**
 * FT for one facet entry.
 *
 * @throws {@link MetricFailure} with smclarify's message when a side is empty, and with
 *   scikit-learn's when there is no feature column or a feature is infinite.
 */
export function flipTest(input: FlipTestInput): number {
  const { features, rows, stride, dims, predicted } = input;
  const advantaged: number[] = [];
  const disadvantaged: number[] = [];
  for (let r = 0; r < rows; r++) (input.sensitive(r) ? disadvantaged : advantaged).push(r);
  if (disadvantaged.length === 0) throw new MetricFailure('Facet set is empty');
  if (advantaged.length === 0) throw new MetricFailure('Negated Facet set is empty');
  const d = dims.length;
  const compact = (list: readonly number[], estimator: string): Float64Array => {
    if (d === 0) {
      throw new MetricFailure(
        `Found array with 0 feature(s) (shape=(${list.length}, 0)) while a minimum of 1 is required by ${estimator}.`,
      );
    }
    const out = new Float64Array(list.length * d);
    for (let i = 0; i < list.length; i++) {
      const base = (list[i] as number) * stride;
      for (let j = 0; j < d; j++) {
        const v = features[base + (dims[j] as number)] as number;
        if (!Number.isFinite(v)) throw new MetricFailure("Input X contains infinity or a value too large for dtype('float64').");
        out[i * d + j] = v;
      }
    }
    return out;
  };
  const fit = compact(advantaged, 'KNeighborsClassifier');
  const queries = compact(disadvantaged, 'KNeighborsClassifier');
  const k = flipTestNeighbours(advantaged.length);
  const tree = new KdTree(fit, advantaged.length, d);
  const index = new Int32Array(k);
  const dist = new Float64Array(k);
  let flippedUp = 0;
  let flippedDown = 0;
  for (let i = 0; i < disadvantaged.length; i++) {
    const found = tree.nearest(queries, i * d, k, index, dist);
    let votes = 0;
    for (let j = 0; j < found; j++) votes += predicted[advantaged[index[j] as number] as number] as number;
    const knn = 2 * votes > found ? 1 : 0;
    const model = predicted[disadvantaged[i] as number] as number;
    if (model > knn) flippedUp++;
    else if (model < knn) flippedDown++;
  }
  return divide(flippedUp - flippedDown, disadvantaged.length);
}
