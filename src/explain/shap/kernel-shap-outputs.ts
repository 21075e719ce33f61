/**
 * Checking what {@link kernelShap}'s coalition model returned, and mapping it through
 * the link. (The call itself goes through `guardedCall`, model/model-call.ts.)
 *
 * @internal
 */
import { ModelError } from '../../errors.js';
import type { KernelShapLink } from './kernel-shap-types.js';

const LOGIT_CLIP = 1e-15;

/** Checks the batch shape and returns the length of its first vector. */
export function checkedLength(
  vectors: ReadonlyArray<ArrayLike<number>>,
  count: number,
  call: number,
  first: number,
  row: number,
): number {
  if (!Array.isArray(vectors) || vectors.length !== count) {
    const got = Array.isArray(vectors) ? `${vectors.length} vectors` : 'no array';
    throw new ModelError(
      `Model call ${call} returned ${got} for ${count} coalitions (indices ${first}..${first + count - 1}); ` +
        'expected one output vector per mask',
      { call, index: first },
    );
  }
  const vector = vectors[row];
  const length = vector !== null && typeof vector === 'object' ? vector.length : undefined;
  if (typeof length !== 'number' || length < 1) {
    throw new ModelError(
      `Model call ${call} returned ${describeVector(vector)} for coalition ${first + row}; ` +
        'expected a non-empty array of numbers',
      { call, index: first + row },
    );
  }
  return length;
}

/** Validates every vector of a batch and writes link(output) into `out`. */
export function readOutputs(
  vectors: ReadonlyArray<ArrayLike<number>>,
  count: number,
  outputs: number,
  call: number,
  first: number,
  link: KernelShapLink,
  out: Float64Array,
): void {
  checkedLength(vectors, count, call, first, 0);
  for (let r = 0; r < count; r++) {
    const vector = vectors[r];
    const index = first + r;
    const length = vector !== null && typeof vector === 'object' ? vector.length : undefined;
    if (length !== outputs) {
      throw new ModelError(
        `Model call ${call} returned ${describeVector(vector)} for coalition ${index}; ` +
          `expected ${outputs} outputs like the first coalition`,
        { call, index },
      );
    }
    for (let d = 0; d < outputs; d++) {
      const value = vector[d];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ModelError(
          `Model call ${call} returned ${String(value)} at output ${d} for coalition ${index}; ` +
            'expected finite numbers',
          { call, index },
        );
      }
      if (link === 'logit') {
        if (value < 0 || value > 1) {
          throw new ModelError(
            `Model call ${call} returned ${value} at output ${d} for coalition ${index}; ` +
              "link 'logit' expects probabilities in [0, 1]",
            { call, index },
          );
        }
        const p = Math.min(Math.max(value, LOGIT_CLIP), 1 - LOGIT_CLIP);
        out[r * outputs + d] = Math.log(p / (1 - p));
      } else {
        out[r * outputs + d] = value;
      }
    }
  }
}

function describeVector(vector: unknown): string {
  if (vector === null || typeof vector !== 'object') return String(vector);
  const length = (vector as ArrayLike<unknown>).length;
  return typeof length === 'number' ? `a vector of length ${length}` : 'a non-array object';
}
