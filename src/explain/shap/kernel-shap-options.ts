/**
 * Validation and defaults of {@link kernelShap}'s options: every check runs
 * before the first model call.
 *
 * @internal
 */
import { ValidationError } from '../../errors.js';
import { validateSeed } from '../numeric/random.js';
import { MAX_NUM_SAMPLES, maxCoalitions } from './kernel-shap-sampler.js';
import type {
  CoalitionModel,
  KernelShapLink,
  KernelShapOptions,
  KernelShapProgress,
  KernelShapSampler,
} from './kernel-shap-types.js';

/** Options with their defaults applied. */
export interface ResolvedOptions {
  numFeatures: number;
  evaluate: CoalitionModel;
  numSamples: number;
  seed: number | undefined;
  batchSize: number;
  link: KernelShapLink;
  sampler: KernelShapSampler;
  standardErrors: boolean;
  /** Absolute and relative tolerance; both undefined when sampling runs to the end. */
  tolerance: number | undefined;
  relativeTolerance: number | undefined;
  signal: AbortSignal | undefined;
  onProgress: ((event: KernelShapProgress) => void) | undefined;
}

/** Checks every option before any model call; applies the defaults. */
export function resolveOptions(options: KernelShapOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('options', options, 'an object { numFeatures, evaluate, ... }');
  }
  const M = options.numFeatures;
  if (typeof M !== 'number' || !Number.isInteger(M) || M < 1) {
    throw new ValidationError('numFeatures', M, 'an integer >= 1');
  }
  if (typeof options.evaluate !== 'function') {
    throw new ValidationError('evaluate', options.evaluate, 'a function (masks, signal) => output vectors');
  }
  const minimum = Math.max(1, Math.min(M + 2, maxCoalitions(M)));
  const numSamples = options.numSamples ?? 2 * M + 2048;
  if (typeof numSamples !== 'number' || !Number.isSafeInteger(numSamples) || numSamples < minimum || numSamples > MAX_NUM_SAMPLES) {
    throw new ValidationError(
      'numSamples',
      numSamples,
      `an integer from ${minimum} to ${MAX_NUM_SAMPLES}`,
      `for numFeatures = ${M} the minimum is ${minimum}: M + 2, or every coalition (2^M - 2) when that is fewer`,
    );
  }
  if (options.seed !== undefined) validateSeed(options.seed, 'seed');
  const batchSize = options.batchSize ?? 64;
  if (typeof batchSize !== 'number' || !Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new ValidationError('batchSize', batchSize, 'an integer >= 1');
  }
  const link = options.link ?? 'identity';
  if (link !== 'identity' && link !== 'logit') {
    throw new ValidationError('link', link, "'identity' or 'logit'");
  }
  const sampler = options.sampler ?? 'leverage';
  if (sampler !== 'paired' && sampler !== 'shap' && sampler !== 'leverage') {
    throw new ValidationError('sampler', sampler, "'paired', 'shap' or 'leverage'");
  }
  if (options.l1Reg !== undefined && options.l1Reg !== false) {
    throw new ValidationError(
      'l1Reg',
      options.l1Reg,
      'false',
      'feature selection zeroes real effects even under full enumeration; see docs/kernel-shap.md',
    );
  }
  const standardErrors = options.standardErrors ?? true;
  if (typeof standardErrors !== 'boolean') {
    throw new ValidationError('standardErrors', standardErrors, 'true or false');
  }
  const tolerance = checkTolerance('tolerance', options.tolerance);
  const relativeTolerance = checkTolerance('relativeTolerance', options.relativeTolerance);
  if (tolerance !== undefined || relativeTolerance !== undefined) {
    if (sampler !== 'leverage') {
      throw new ValidationError('sampler', sampler, "'leverage' when a tolerance is set", 'only its stratified design stays a valid sample when sampling stops early');
    }
    if (!standardErrors) {
      throw new ValidationError('standardErrors', standardErrors, 'true when a tolerance is set', 'convergence is judged by the standard errors');
    }
  }
  if (options.signal !== undefined && !isAbortSignal(options.signal)) {
    throw new ValidationError('signal', options.signal, 'an AbortSignal');
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ValidationError('onProgress', options.onProgress, 'a function ({ evaluated, total }) => void');
  }
  return {
    numFeatures: M,
    evaluate: options.evaluate,
    numSamples,
    seed: options.seed,
    batchSize,
    link,
    sampler,
    standardErrors,
    tolerance,
    relativeTolerance,
    signal: options.signal,
    onProgress: options.onProgress,
  };
}

/** A tolerance option: undefined, or a finite number > 0 (else a `ValidationError` naming `field`). */
export function checkTolerance(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(field, value, 'a finite number > 0');
  }
  return value;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && typeof (value as AbortSignal).aborted === 'boolean';
}

