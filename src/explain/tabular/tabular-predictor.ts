/**
 * The model of a tabular explanation, seen from the algorithms: rows of feature values
 * in, one vector of explained outputs per row out. The engine wraps its model backends
 * (functions, ONNX, endpoints) into this one function, adding payload limits, retries
 * and concurrency around it; the algorithms of `explain/tabular/` call nothing else.
 *
 * @packageDocumentation
 */

/** One feature value of a tabular record: a number, a string (a category, a text) or a boolean. */
export type TabularValue = number | string | boolean;

/** One record (row) of feature values, in the dataset's feature order, label excluded. */
export type TabularRow = readonly TabularValue[];

/**
 * The model: for each row, the vector of outputs to explain (one value per class
 * probability or score, or a single regression value). Every vector must have the same
 * length, and there must be exactly one per row, in order. May return a promise.
 *
 * The rows passed in are fresh arrays (or the caller's own baseline rows) that the
 * algorithms do not read back, so a predictor may keep them; it must not change them.
 * `signal` is the caller's, passed through so that a long call can stop early.
 */
export type TabularPredictor = (
  rows: readonly TabularRow[],
  signal: AbortSignal | undefined,
) => ReadonlyArray<ArrayLike<number>> | PromiseLike<ReadonlyArray<ArrayLike<number>>>;
