/**
 * A seed per record derived from the run's seed and the record's index, so that a record
 * draws the same coalitions however the data set is split into shards or batches.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { validateSeed } from '../numeric/random.js';

/**
 * The seed of record `index` in a run seeded with `seed`: a 32-bit hash of both
 * (MurmurHash3's finaliser over the seed's two 32-bit halves and the index). Records get
 * unrelated seeds; the same pair always gives the same seed.
 *
 * @example
 * ```ts
 * import { explainTabularRecord, recordSeed } from 'clarify-ts/explain';
 *
 * for (const [i, record] of records.entries()) {
 *   await explainTabularRecord({ record, baseline, predict, seed: recordSeed(runSeed, firstIndex + i) });
 * }
 * ```
 */
export function recordSeed(seed: number, index: number): number {
  validateSeed(seed, 'seed');
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) {
    throw new ValidationError('index', index, 'an integer >= 0');
  }
  const seedLow = seed >>> 0;
  const seedHigh = Math.floor(seed / 4294967296) >>> 0;
  const indexLow = index >>> 0;
  const indexHigh = Math.floor(index / 4294967296) >>> 0;
  let h = fmix(seedLow ^ 0x9e3779b9);
  h = fmix(h ^ seedHigh);
  h = fmix(h ^ indexLow ^ 0x85ebca6b);
  h = fmix(h ^ indexHigh);
  return h;
}

/** MurmurHash3's 32-bit finaliser, unsigned. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
