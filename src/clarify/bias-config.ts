import { ValidationError } from '../errors.js';
import type { BiasConfigFragment, FacetEntry, NameOrIndex, ValueOrThreshold } from './analysis-config.js';
import { checkArray, checkNameOrIndex, checkOptions, checkValueOrThreshold } from './check.js';
import { cloneConfig } from './clone.js';

/** Options of {@link BiasConfig} (Python `BiasConfig(...)` parameters, camelCased). */
export interface BiasConfigOptions {
  /**
   * The favourable outcome: label values (`[1]`, `['yes']`) or, for a continuous label, one
   * threshold above which the outcome is favourable (`[0.5]`).
   */
  readonly labelValuesOrThreshold: readonly ValueOrThreshold[];
  /** The sensitive attribute(s): one column name/index, or several. */
  readonly facetName: NameOrIndex | readonly NameOrIndex[];
  /**
   * The sensitive group: for one facet, its values or a threshold; for several facets, one
   * such list (or `null`) per facet, in the same order.
   * @default undefined (every value of the facet is analysed in turn)
   */
  readonly facetValuesOrThreshold?: readonly ValueOrThreshold[] | readonly (readonly ValueOrThreshold[] | null)[];
  /**
   * Column of the subgroups used by the CDDL and CDDPL metrics.
   * @default undefined (omitted)
   */
  readonly groupName?: NameOrIndex;
}

/**
 * What "biased" means for a bias analysis: the favourable label and the sensitive groups
 * (Python `sagemaker.clarify.BiasConfig`).
 *
 * @example
 * ```ts
 * const biasConfig = new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'age', facetValuesOrThreshold: [40], groupName: 'grp' });
 * ```
 */
export class BiasConfig {
  readonly #config: BiasConfigFragment;

  constructor(options: BiasConfigOptions) {
    const owner = 'BiasConfig';
    checkOptions(owner, options);
    const labels = checkArray(owner, 'labelValuesOrThreshold', options.labelValuesOrThreshold,
      (value, at) => checkValueOrThreshold(owner, at, value));
    const { facetName } = options;
    const values = options.facetValuesOrThreshold ?? undefined;
    let facets: FacetEntry[];
    if (Array.isArray(facetName)) {
      if (facetName.length === 0) {
        throw new ValidationError('facetName', facetName, 'a column name or index, or a non-empty array of them', owner);
      }
      if (values !== undefined && (!Array.isArray(values) || values.length !== facetName.length)) {
        throw new ValidationError('facetValuesOrThreshold', values,
          `an array of ${facetName.length} entries, one per facet name`, `${owner}: the number of facet names must match the number of facet values`);
      }
      facets = facetName.map((name: unknown, i) => {
        const facet: FacetEntry = { name_or_index: checkNameOrIndex(owner, `facetName[${i}]`, name) };
        const value: unknown = values?.[i];
        if (value !== undefined && value !== null) facet.value_or_threshold = checkFacetValues(owner, `facetValuesOrThreshold[${i}]`, value);
        return facet;
      });
    } else {
      const facet: FacetEntry = { name_or_index: checkNameOrIndex(owner, 'facetName', facetName) };
      if (values !== undefined) facet.value_or_threshold = checkFacetValues(owner, 'facetValuesOrThreshold', values);
      facets = [facet];
    }
    this.#config = { label_values_or_threshold: labels, facet: facets };
    if (options.groupName !== undefined && options.groupName !== null) {
      this.#config.group_variable = checkNameOrIndex(owner, 'groupName', options.groupName);
    }
  }

  /** The bias part of the analysis config (Python `get_config()`), a fresh copy. */
  getConfig(): BiasConfigFragment {
    return cloneConfig(this.#config);
  }
}

function checkFacetValues(owner: string, field: string, value: unknown): ValueOrThreshold[] {
  return checkArray(owner, field, value, (item, at) => checkValueOrThreshold(owner, at, item));
}
