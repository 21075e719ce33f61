import { ValidationError } from '../errors.js';
import type { NameOrIndex, SegmentConfigEntry } from './analysis-config.js';
import { checkNameOrIndex, checkOptions, checkString, checkStringArray } from './check.js';
import { cloneConfig } from './clone.js';

/** Options of {@link SegmentationConfig} (Python `SegmentationConfig(...)` parameters). */
export interface SegmentationConfigOptions {
  /** The column to segment the data by, by header name or zero-based index. */
  readonly nameOrIndex: NameOrIndex;
  /**
   * The segments: one list of values (or interval strings such as `'[20, 40)'`) per segment.
   * Must hold at least one list.
   */
  readonly segments: readonly (readonly (string | number)[])[];
  /**
   * A name for this segmentation in the report.
   * @default undefined (omitted; the service names it after the column)
   */
  readonly configName?: string;
  /**
   * Display names of the segments: one per segment, or one more for "all other values".
   * @default undefined (omitted)
   */
  readonly displayAliases?: readonly string[];
}

/**
 * How to split a dataset into segments whose metrics Clarify reports separately
 * (Python `sagemaker.clarify.SegmentationConfig`).
 *
 * @example
 * ```ts
 * const byAge = new SegmentationConfig({ nameOrIndex: 'age', segments: [['[0, 40)'], ['[40, 120)']], configName: 'age groups' });
 * new DataConfig({ ..., segmentationConfig: [byAge] });
 * ```
 */
export class SegmentationConfig {
  readonly #dict: SegmentConfigEntry;

  constructor(options: SegmentationConfigOptions) {
    const owner = 'SegmentationConfig';
    checkOptions(owner, options);
    if (options.nameOrIndex === undefined || options.nameOrIndex === null) {
      throw new ValidationError('nameOrIndex', options.nameOrIndex, 'a column name or index', owner);
    }
    const nameOrIndex = checkNameOrIndex(owner, 'nameOrIndex', options.nameOrIndex);
    const { segments } = options;
    if (!Array.isArray(segments) || segments.length === 0 || !segments.every((segment) => Array.isArray(segment))) {
      throw new ValidationError('segments', segments, 'a non-empty array of arrays of values or intervals', owner);
    }
    const dict: SegmentConfigEntry = { name_or_index: nameOrIndex, segments: cloneConfig(segments as (string | number)[][]) };
    // Python writes these two only when truthy, so '' and [] are left out.
    if (options.configName) dict.config_name = checkString(owner, 'configName', options.configName);
    if (options.displayAliases !== undefined && options.displayAliases !== null) {
      const aliases = checkStringArray(owner, 'displayAliases', options.displayAliases);
      if (aliases.length !== segments.length && aliases.length !== segments.length + 1) {
        throw new ValidationError(
          'displayAliases',
          options.displayAliases,
          `${segments.length} or ${segments.length + 1} names (one per segment, optionally one more for the rest)`,
          owner,
        );
      }
      if (aliases.length > 0) dict.display_aliases = aliases;
    }
    this.#dict = dict;
  }

  /** The `segment_config` entry (Python `to_dict()`), a fresh copy. */
  toDict(): SegmentConfigEntry {
    return cloneConfig(this.#dict);
  }
}
