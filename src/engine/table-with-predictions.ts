/**
 * The dataset with the model's predicted labels as one more column, for post-training bias
 * when the config has a predictor rather than a `predicted_label` column. The table is held
 * in memory (the predictions come from every row at once).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { InMemoryTableSource, type InMemoryCell } from '../bias/in-memory-source.js';
import type { ColumnDtype, TableProfile, TableSource } from '../table/table.js';
import { cellValue } from './tabular-rows.js';

/** The name of the added column (a dataset column of this name is refused). */
export const PREDICTED_LABEL_COLUMN = 'clarify-ts:predicted_label';

/**
 * Every column of `source` (rows with a missing value already dropped) and `predictions`,
 * one per row in the same order, as a table.
 */
export async function tableWithPredictions(source: TableSource, profile: TableProfile, predictions: readonly (number | string)[], signal?: AbortSignal): Promise<InMemoryTableSource> {
  const names = profile.columns.map((c) => c.name);
  if (names.includes(PREDICTED_LABEL_COLUMN)) {
    throw new ValidationError('data', PREDICTED_LABEL_COLUMN, 'a dataset without this column name, which the engine gives the model\'s predictions');
  }
  const columns = new Map<string, InMemoryCell[]>(names.map((name) => [name, []]));
  for await (const batch of source.batches(profile, names, signal)) {
    for (const name of names) {
      const column = batch.columns.get(name);
      const cells = columns.get(name) as InMemoryCell[];
      if (column !== undefined) for (let r = 0; r < batch.rows; r++) cells.push(cellValue(column, r));
    }
  }
  columns.set(PREDICTED_LABEL_COLUMN, [...predictions]);
  const dtypes: Record<string, ColumnDtype> = {};
  for (const c of profile.columns) dtypes[c.name] = c.dtype;
  return InMemoryTableSource.fromColumns(columns, { dtypes });
}
