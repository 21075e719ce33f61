/**
 * Tabular datasets of an analysis config (CSV, JSON Lines, Parquet; a file, a folder or an
 * S3 prefix) read as pandas reads them, as a streamed {@link TableSource}: what the engine
 * calls to feed the bias metrics and, later, tabular explanations.
 *
 * @packageDocumentation
 */
export { checkDatasetConfig, TABULAR_DATASET_TYPES } from './dataset-config.js';
export type { ColumnRef, DatasetSettings, TabularDatasetType } from './dataset-config.js';
export { openDataset } from './open-dataset.js';
export type { OpenDatasetOptions } from './open-dataset.js';
export type { Dataset, DatasetOptions, DatasetProfile, ProfileOptions } from './dataset.js';
export type { DatasetFile } from './dataset-files.js';
export { resolveColumn, tableRoles } from './roles.js';
export type { FloatPrecision } from './column-profiler.js';
export type { TableRoles } from '../table/table.js';
