/**
 * The one guard around every model call of the engine (image explanations, metrics,
 * Kernel SHAP's coalition model, the engine's probe), and the check of what an image
 * classifier returned, naming the call and the image.
 *
 * @internal
 * @packageDocumentation
 */
import { ClarifyError, ModelError, throwIfAborted } from '../../errors.js';

/** A model call, known only by its zero-based index (Kernel SHAP's coalition model). */
export interface ModelCall {
  /** Zero-based model call. */
  readonly call: number;
}

/** Where a model call happened, for error messages: the call and the images it was given. */
export interface CallSite extends ModelCall {
  /** What the images were, e.g. `masked image` or `the input image`. */
  readonly what: string;
  /** Index of the call's first image among all images of the explanation. */
  readonly first: number;
}

/**
 * Runs a model call. A failure that is not a {@link ClarifyError} becomes a
 * {@link ModelError} naming the call (and, for a {@link CallSite}, its images), with
 * the failure as `cause`; an abort during the call becomes an `AbortError`.
 */
export async function guardedCall<T>(
  site: ModelCall | CallSite,
  signal: AbortSignal | undefined,
  run: () => T | PromiseLike<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throwIfAborted(signal);
    if (err instanceof ClarifyError) throw err;
    const images = 'what' in site ? ` (${site.what} ${site.first}..)` : '';
    throw new ModelError(`Model call ${site.call}${images} failed: ${err instanceof Error ? err.message : String(err)}`, {
      call: site.call,
      ...('first' in site ? { index: site.first } : {}),
      cause: err,
    });
  }
}

/**
 * Checks one score vector per image, each of `expected` finite numbers
 * (`expected` undefined: any length ≥ 1, returned).
 */
export function checkScores(
  vectors: unknown,
  count: number,
  expected: number | undefined,
  site: CallSite,
): ArrayLike<number>[] {
  if (!Array.isArray(vectors) || vectors.length !== count) {
    throw new ModelError(
      `Model call ${site.call} returned ${Array.isArray(vectors) ? `${vectors.length} score vectors` : 'no array'} ` +
        `for ${count} images (${site.what} ${site.first}..${site.first + count - 1}); expected one per image`,
      { call: site.call, index: site.first },
    );
  }
  for (let i = 0; i < count; i++) {
    const vector: unknown = vectors[i];
    const index = site.first + i;
    const raw = ArrayBuffer.isView(vector) || Array.isArray(vector) ? (vector as Partial<ArrayLike<number>>).length : undefined;
    const length = typeof raw === 'number' ? raw : -1;
    if (length < 1 || (expected !== undefined && length !== expected)) {
      throw new ModelError(
        `Model call ${site.call} returned ${length < 0 ? 'a non-array' : `${length} scores`} for ${site.what} ${index}; ` +
          `expected ${expected ?? 'at least 1'} scores`,
        { call: site.call, index },
      );
    }
    const scores = vector as ArrayLike<number>;
    for (let d = 0; d < length; d++) {
      if (typeof scores[d] !== 'number' || !Number.isFinite(scores[d])) {
        throw new ModelError(
          `Model call ${site.call} returned ${String(scores[d])} at class ${d} for ${site.what} ${index}; expected finite numbers`,
          { call: site.call, index },
        );
      }
    }
  }
  return vectors as ArrayLike<number>[];
}
