/**
 * Splits the records of a call into requests: as many consecutive records as fit under
 * a payload limit and a record count.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';

/** Consecutive records sent in one request. @internal */
export interface RecordBatch {
  /** Index of the first record among the rows of the call. */
  readonly first: number;
  readonly count: number;
}

/** The bytes a request adds around and between its records. @internal */
export interface BodyFrame {
  readonly before: number;
  readonly between: number;
  readonly after: number;
}

/**
 * Greedy split: each request takes records until the next one would make its body
 * larger than `maxBytes` or longer than `maxRecords`. Bodies are
 * `before + r₀ + between + r₁ + … + after`, so their size is known without building them.
 *
 * @param recordBytes - each record's size in bytes (UTF-8).
 * @throws {@link ValidationError} (`maxPayloadBytes`) when one record alone is over the limit.
 * @internal
 * @example
 * ```ts
 * planBatches([4, 4, 4], { before: 0, between: 1, after: 0 }, 9, 100);
 * // [{ first: 0, count: 2 }, { first: 2, count: 1 }]: '1234\n5678' is 9 bytes
 * ```
 */
export function planBatches(recordBytes: readonly number[], frame: BodyFrame, maxBytes: number, maxRecords: number): RecordBatch[] {
  const batches: RecordBatch[] = [];
  let first = 0;
  let size = 0;
  for (let i = 0; i < recordBytes.length; i++) {
    const alone = frame.before + recordBytes[i] + frame.after;
    if (alone > maxBytes) {
      throw new ValidationError('maxPayloadBytes', maxBytes, `at least ${alone} bytes`, `record ${i} alone makes a request body of ${alone} bytes`);
    }
    const count = i - first;
    const grown = count === 0 ? alone : size + frame.between + recordBytes[i];
    if (count > 0 && (grown > maxBytes || count >= maxRecords)) {
      batches.push({ first, count });
      first = i;
      size = alone;
    } else {
      size = grown;
    }
  }
  if (recordBytes.length > first) batches.push({ first, count: recordBytes.length - first });
  return batches;
}
