/**
 * A dataset's columns as rows of values, for the analyses that call a model row by row
 * (tabular SHAP, PDP, predictions for post-training bias): they hold every row in memory.
 *
 * @packageDocumentation
 */
import type { TabularRow, TabularValue } from '../explain/tabular/tabular-predictor.js';
import type { ColumnValues, TableProfile, TableSource } from '../table/table.js';

/** One cell of a typed column, as the model receives it. */
export function cellValue(column: ColumnValues, row: number): TabularValue {
  switch (column.dtype) {
    case 'int64':
    case 'float64':
      return column.values[row] as number;
    case 'bool':
      return column.values[row] === 1;
    case 'object':
      return column.values[row] as TabularValue;
  }
}

/**
 * Every row of `columns` (in that order), missing rows dropped as everywhere else.
 *
 * @param columns - column names of `profile`.
 */
export async function readRows(source: TableSource, profile: TableProfile, columns: readonly string[], signal?: AbortSignal): Promise<TabularRow[]> {
  const rows: TabularRow[] = [];
  for await (const batch of source.batches(profile, columns, signal)) {
    const values = columns.map((name) => batch.columns.get(name) as ColumnValues);
    for (let r = 0; r < batch.rows; r++) rows.push(values.map((column) => cellValue(column, r)));
  }
  return rows;
}
