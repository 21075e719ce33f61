/**
 * The `analysis.json` of a tabular run (CSV, JSON Lines or Parquet data): Clarify's own
 * sections under Clarify's keys, so that Clarify's readers read it, and the engine's
 * additions (`engine`, `created_at`, `dataset`) beside them, where such readers ignore them.
 * Documented field by field in `docs/analysis-json.md`.
 *
 * @packageDocumentation
 */
import type { GlobalShapStandardErrors, TabularExplanationsSection } from './tabular-explanations.js';

export type { GlobalShapStandardErrors } from './tabular-explanations.js';

/** One bias metric of a facet entry (`pre_training_bias_metrics` / `post_training_bias_metrics`). */
export interface BiasMetricRecord {
  /** The metric's short name: `CI`, `DPL`, … (sorted by name within an entry). */
  readonly name: string;
  /** Its long name, e.g. `Class Imbalance (CI)`. */
  readonly description: string;
  /**
   * The value; ±Infinity as the strings `"Infinity"` / `"-Infinity"` (as smclarify writes
   * them); NaN as a bare `NaN` token; `null` when the metric could not be computed.
   */
  readonly value: number | 'Infinity' | '-Infinity' | null;
  /** Why the metric could not be computed (smclarify's message); present only then. */
  readonly error?: string;
}

/** One facet value (or value group, or threshold interval) and its metrics. */
export interface BiasFacetRecord {
  /** Python's `str()` of the values joined with `,` (`"Black,Hispanic"`), one value, or an interval (`"(40, 75]"`). */
  readonly value_or_threshold: string;
  /** The metrics computed for this facet entry, sorted by name. */
  readonly metrics: BiasMetricRecord[];
}

/** `pre_training_bias_metrics` or `post_training_bias_metrics`, Clarify's bias section. */
export interface BiasMetricsSection {
  /** The label column's name. */
  readonly label: string;
  /** The positive label values joined with `,` (`"1"`, `"A,B"`), or the threshold's interval (`"(50000.0, 132867.65]"`). */
  readonly label_value_or_threshold: string;
  /** By facet column name: one entry per configured value group or threshold, or per value when none is configured. */
  readonly facets: { [facet: string]: BiasFacetRecord[] };
}

/** What the run read (an addition of clarify-ts; Clarify writes no such key). */
export interface TabularDatasetRecord {
  /** `dataset_type` of the config. */
  readonly dataset_type: string;
  /** The files read, in order, as their URIs or paths. */
  readonly files: string[];
  /** Rows analysed: rows without a missing value. */
  readonly rows: number;
  /** Rows dropped because a cell was missing (as Clarify does before its analyses). */
  readonly rows_dropped: number;
}

/** The whole `analysis.json` of a tabular run. */
export interface TabularAnalysisDocument {
  /** Clarify's layout version, `"1.0"`. */
  readonly version: string;
  /** The engine that wrote it (an addition). */
  readonly engine: { readonly name: 'clarify-ts'; readonly version: string };
  /** When the run started, ISO 8601 (an addition). */
  readonly created_at: string;
  /** What was read (an addition). */
  readonly dataset: TabularDatasetRecord;
  /** Pre-training bias metrics, when the config asks for `pre_training_bias`. */
  readonly pre_training_bias_metrics?: BiasMetricsSection;
  /** Post-training bias metrics, when the config asks for `post_training_bias`. */
  readonly post_training_bias_metrics?: BiasMetricsSection;
  /** Global SHAP values (`kernel_shap`) and partial dependence plots (`pdp`), when the config asks for `shap` / `pdp`. */
  readonly explanations?: TabularExplanationsSection;
  /**
   * The standard error of each global SHAP value (an addition), by label and feature like
   * `explanations.kernel_shap.<label>.global_shap_values`: the coalition-sampling error only
   * (records are taken as given), from each record's standard errors by the delta method.
   * Only for `agg_method` `mean_abs` and `mean_sq`, and only when some value is above 0
   * (some record was sampled); see `docs/analysis-json.md`.
   */
  readonly global_shap_standard_errors?: GlobalShapStandardErrors;
  /** The seed of the SHAP coalitions: the config's, or the one drawn for the run (an addition). */
  readonly shap_seed?: number;
  /** A part of a run over several hosts (`analysis.part-<host>.json`) only: this host and all of them. */
  readonly shard?: { readonly host: string; readonly hosts: string[] };
  /** A part only: the dataset's indices of the records this host explained, in the order of its `out.part-<host>.csv`. */
  readonly shap_records?: number[];
  /** A part only: this host's global SHAP values in mergeable form (exact sums, or the local values for `median`). */
  readonly shap_aggregate?: ShapAggregateRecord;
  /**
   * A part only, when some of its records were sampled: per output and feature, the exact-sum
   * partials of Σ_i t_i² over this host's records, t_i the delta-method term of record i
   * (`mean_abs`: se_i; `mean_sq`: 2·φ_i·se_i), `[output][feature][partial]`. The merge adds
   * the hosts' sums and divides the square root by the total record count.
   */
  readonly shap_error_sums?: number[][][];
}


/** The mergeable form of global SHAP values (the same fields as `ShapAggregate` of `clarify-ts/explain`). */
export interface ShapAggregateRecord {
  readonly aggMethod: 'mean_abs' | 'median' | 'mean_sq';
  readonly count: number;
  readonly outputs: number;
  readonly features: number;
  readonly sums?: number[][][];
  readonly values?: number[][][];
}

/** Whether a parsed `analysis.json` is a tabular run's (it has no `images`, and a bias section, `explanations` or `dataset`). */
export function isTabularAnalysisDocument(document: unknown): document is TabularAnalysisDocument {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return false;
  const d = document as Record<string, unknown>;
  return d['images'] === undefined && (d['dataset'] !== undefined || d['pre_training_bias_metrics'] !== undefined || d['post_training_bias_metrics'] !== undefined || d['explanations'] !== undefined);
}

/**
 * The document as `analysis.json` text (indented by 2, no final newline): NaN as a bare
 * `NaN` token, as Python's `json.dump` writes it and Clarify's readers read it, where
 * `JSON.stringify` would write `null`.
 */
export function stringifyTabularAnalysis(document: TabularAnalysisDocument): string {
  // A token no string of the document can hold: one drawn afresh for each document.
  const NAN = `NaN-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  return JSON.stringify(document, (_key, value: unknown) => (typeof value === 'number' && Number.isNaN(value) ? NAN : value), 2)
    .split(`"${NAN}"`).join('NaN');
}
