/**
 * A table of typed columns, as pandas would type them (`pandas.read_csv`'s
 * defaults, see `test/fixtures/bias/README.md`, assumption A2): the contract
 * between the dataset readers (`src/data/`, Node) and the analyses that consume
 * rows (`src/bias/` and, later, tabular explanations), which stay free of Node APIs.
 *
 * Tables arrive in batches, so that an analysis can fold rows into mergeable
 * statistics without holding the whole dataset.
 *
 * @packageDocumentation
 */

/** pandas' dtype of a column, after reading the whole column. */
export type ColumnDtype = 'int64' | 'float64' | 'bool' | 'object';

/** A column's values in one batch: numbers for int64/float64, booleans for bool, JSON values for object. */
export type ColumnValues =
  | { readonly dtype: 'int64' | 'float64'; readonly values: Float64Array }
  | { readonly dtype: 'bool'; readonly values: Uint8Array }
  | { readonly dtype: 'object'; readonly values: readonly (string | number | boolean)[] };

/** One batch of rows: every column has `rows` values (missing rows already dropped). */
export interface TableBatch {
  readonly rows: number;
  /** By column name, in the table's column order. */
  readonly columns: ReadonlyMap<string, ColumnValues>;
}

/** What a first pass over the whole dataset knows of each column. */
export interface ColumnProfile {
  readonly name: string;
  readonly dtype: ColumnDtype;
  /** Distinct non-missing values, counted up to `distinctLimit` (then `undefined`: more than that). */
  readonly distinct: number | undefined;
  /** The largest value of a numeric or bool column (bool as 0/1). */
  readonly max?: number;
  /** The first value of the column (pandas `series[0]`), after dropping missing rows. */
  readonly first?: string | number | boolean;
  /** Distinct values in order of first appearance, while `distinct` is known. */
  readonly values?: readonly (string | number | boolean)[];
}

/**
 * Which column plays which part, from the dataset keys of the analysis config (every name is
 * one of the table's columns). Facets and the group variable are the analyses' own keys.
 */
export interface TableRoles {
  /** `label`: the observed label (ground truth). */
  readonly label?: string;
  /** `predicted_label`: the model's predictions, carried by the dataset. */
  readonly predictedLabel?: string;
  /** `joinsource_name_or_index`: an identifier column, kept for joins and in no analysis (smclarify's table leaves it out). */
  readonly joinsource?: string;
  /** `excluded_columns`: columns the model does not see; they stay in the table (and in FlipTest's features). */
  readonly excluded: readonly string[];
  /** The model's input columns, in table order: every column but the label, predicted label, joinsource and excluded ones. */
  readonly features: readonly string[];
}

/** The whole dataset's shape: column order, row count after dropping missing rows, profiles. */
export interface TableProfile {
  readonly columns: readonly ColumnProfile[];
  /** Rows after dropping the rows with a missing value (assumption A3). */
  readonly rows: number;
  /** Rows in the file(s), before dropping. */
  readonly rowsRead: number;
  /** The columns' parts, when the table comes from an analysis config's dataset (the `src/data/` readers always set it). */
  readonly roles?: TableRoles;
}

/** A dataset that can be read twice: once to profile it, then as many times as needed in batches. */
export interface TableSource {
  /** Reads the whole dataset once and profiles every column. */
  profile(signal?: AbortSignal): Promise<TableProfile>;
  /**
   * The rows in batches, typed by `profile`'s dtypes, missing rows dropped.
   * @param columns - only these columns (all when absent), to keep memory to what an analysis uses.
   */
  batches(profile: TableProfile, columns?: readonly string[], signal?: AbortSignal): AsyncIterable<TableBatch>;
}
