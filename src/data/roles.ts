/**
 * The config's column references (a name or a zero-based index) resolved against a table's
 * columns, and the parts the dataset keys give them ({@link TableRoles}).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import type { TableRoles } from '../table/table.js';
import { type ColumnRef, type DatasetSettings, listNames } from './dataset-config.js';

/**
 * The column `ref` names: a name of `columns`, or an index into them.
 *
 * @param field - the config key, for the error (e.g. `$.facet[0].name_or_index`).
 * @throws {@link ValidationError} when no column answers to it.
 */
export function resolveColumn(columns: readonly string[], ref: ColumnRef, field: string): string {
  if (typeof ref === 'number') {
    if (Number.isInteger(ref) && ref >= 0 && ref < columns.length) return columns[ref]!;
    throw new ValidationError(field, ref, `a column index from 0 to ${columns.length - 1}, or a name: ${listNames(columns)}`);
  }
  if (typeof ref === 'string' && columns.includes(ref)) return ref;
  throw new ValidationError(field, ref, `a column of the dataset: ${listNames(columns)}`);
}

/**
 * The parts of a table's columns. For CSV and Parquet the label, predicted label, joinsource
 * and excluded columns are references resolved here; a JSON Lines reader passes the names it
 * gave the label and predicted-label columns.
 *
 * @throws {@link ValidationError} naming the key whose column is missing or already has a part.
 */
export function tableRoles(
  settings: DatasetSettings,
  columns: readonly string[],
  named: { readonly label?: string; readonly predictedLabel?: string } = {},
): TableRoles {
  const jsonLines = settings.datasetType === 'application/jsonlines';
  const label = jsonLines ? named.label
    : settings.label === undefined ? undefined : resolveColumn(columns, settings.label, '$.label');
  const predictedLabel = jsonLines ? named.predictedLabel
    : settings.predictedLabel === undefined ? undefined : resolveColumn(columns, settings.predictedLabel, '$.predicted_label');
  const joinsource = settings.joinsource === undefined ? undefined
    : resolveColumn(columns, settings.joinsource, '$.joinsource_name_or_index');
  if (label !== undefined && label === predictedLabel) {
    throw new ValidationError('$.predicted_label', settings.predictedLabel, `a column other than the label's (${label})`);
  }
  if (joinsource !== undefined && (joinsource === label || joinsource === predictedLabel)) {
    throw new ValidationError('$.joinsource_name_or_index', settings.joinsource,
      `a column other than the label's and the predicted label's (${joinsource} is ${joinsource === label ? 'the label' : 'the predicted label'})`);
  }
  const excluded: string[] = [];
  (settings.excludedColumns ?? []).forEach((ref, i) => {
    const name = resolveColumn(columns, ref, `$.excluded_columns[${i}]`);
    if (!excluded.includes(name)) excluded.push(name);
  });
  const notFeatures = new Set([label, predictedLabel, joinsource, ...excluded]);
  return {
    ...(label !== undefined ? { label } : {}),
    ...(predictedLabel !== undefined ? { predictedLabel } : {}),
    ...(joinsource !== undefined ? { joinsource } : {}),
    excluded,
    features: columns.filter((name) => !notFeatures.has(name)),
  };
}
