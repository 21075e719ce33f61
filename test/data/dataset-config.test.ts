// The dataset keys of an analysis config, checked before any data is read.
import { describe, expect, it } from 'vitest';
import { checkDatasetConfig } from '../../src/data/dataset-config.js';
import { resolveColumn, tableRoles } from '../../src/data/roles.js';
import { ValidationError } from '../../src/errors.js';
import { PyFloat } from '../../src/python/float.js';
import { catchError } from '../helpers/catch-error.js';

function refusal(config: unknown): ValidationError {
  const error = catchError(() => checkDatasetConfig(config));
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('checkDatasetConfig', () => {
  it('returns the dataset keys of the fixtures` configs', () => {
    expect(checkDatasetConfig({ dataset_type: 'text/csv', label: 'approved', methods: {} })).toEqual({ datasetType: 'text/csv', label: 'approved' });
    expect(checkDatasetConfig({
      dataset_type: 'application/jsonlines', features: 'features', headers: ['age', 'female', 'approved', 'score'],
      label: 'approved', predicted_label: 'score',
    })).toEqual({
      datasetType: 'application/jsonlines', headers: ['age', 'female', 'approved', 'score'], label: 'approved', predictedLabel: 'score', features: 'features',
    });
    expect(checkDatasetConfig({
      dataset_type: 'text/csv', headers: ['id', 'x', 'y'], label: 2, excluded_columns: ['x'], joinsource_name_or_index: 'id', features: 'ignored',
    })).toEqual({ datasetType: 'text/csv', headers: ['id', 'x', 'y'], label: 2, excludedColumns: ['x'], joinsource: 'id' });
  });

  it('names what is supported for application/json, images, time series and unknown types', () => {
    const json = refusal({ dataset_type: 'application/json', features: 'x' });
    expect(json.field).toBe('$.dataset_type');
    expect(json.message).toMatch(/'text\/csv', 'application\/jsonlines' or 'application\/x-parquet'.*application\/json datasets are not supported/);
    expect(refusal({ dataset_type: 'application/x-image' }).field).toBe('$.dataset_type');
    expect(refusal({ dataset_type: 'text/tsv' }).value).toBe('text/tsv');
    expect(refusal({ label: 'y' }).field).toBe('$.dataset_type');
    expect(refusal({ dataset_type: 'text/csv', time_series_data_config: { target_time_series: 't' } }).field).toBe('$.time_series_data_config');
    expect(refusal([]).field).toBe('$');
  });

  it('checks headers: a non-empty array of unique strings', () => {
    expect(refusal({ dataset_type: 'text/csv', headers: 'a,b' }).field).toBe('$.headers');
    expect(refusal({ dataset_type: 'text/csv', headers: [] }).field).toBe('$.headers');
    expect(refusal({ dataset_type: 'text/csv', headers: ['a', 1] }).field).toBe('$.headers[1]');
    const duplicate = refusal({ dataset_type: 'text/csv', headers: ['a', 'b', 'a'] });
    expect(duplicate).toMatchObject({ field: '$.headers[2]', value: 'a' });
  });

  it('checks column references: a name (in headers when given) or a zero-based integer index', () => {
    expect(refusal({ dataset_type: 'text/csv', headers: ['a', 'b'], label: 'c' })).toMatchObject({ field: '$.label', value: 'c' });
    expect(refusal({ dataset_type: 'text/csv', headers: ['a', 'b'], label: 2 })).toMatchObject({ field: '$.label', value: 2 });
    expect(refusal({ dataset_type: 'text/csv', label: -1 }).field).toBe('$.label');
    expect(refusal({ dataset_type: 'text/csv', label: new PyFloat(1) }).field).toBe('$.label');
    expect(refusal({ dataset_type: 'text/csv', label: true }).field).toBe('$.label');
    expect(refusal({ dataset_type: 'text/csv', predicted_label: [1] }).field).toBe('$.predicted_label');
    expect(refusal({ dataset_type: 'text/csv', excluded_columns: 'x' }).field).toBe('$.excluded_columns');
    expect(refusal({ dataset_type: 'text/csv', excluded_columns: ['x', null] }).field).toBe('$.excluded_columns[1]');
    expect(refusal({ dataset_type: 'text/csv', joinsource_name_or_index: 1.5 }).field).toBe('$.joinsource_name_or_index');
  });

  it('refuses one column in two parts', () => {
    expect(refusal({ dataset_type: 'text/csv', label: 'y', predicted_label: 'y' }).field).toBe('$.predicted_label');
    expect(refusal({ dataset_type: 'text/csv', headers: ['id', 'y'], label: 'y', joinsource_name_or_index: 1 }).field).toBe('$.joinsource_name_or_index');
  });

  it('needs JMESPath expressions for JSON Lines', () => {
    expect(refusal({ dataset_type: 'application/jsonlines', label: 'y' }).field).toBe('$.features');
    const bad = refusal({ dataset_type: 'application/jsonlines', features: 'a[' });
    expect(bad.field).toBe('$.features');
    expect(bad.message).toMatch(/a JMESPath expression/);
    expect(refusal({ dataset_type: 'application/jsonlines', features: 'f', label: 0 }).field).toBe('$.label');
    expect(refusal({ dataset_type: 'application/jsonlines', features: 'f', label: 'y', headers: ['y'] }).field).toBe('$.headers');
  });
});

describe('roles', () => {
  const settings = checkDatasetConfig({ dataset_type: 'text/csv', label: 'y', predicted_label: 3, excluded_columns: [1, 'x', 1], joinsource_name_or_index: 'id' });

  it('resolves names and indices into the parts of the columns', () => {
    expect(tableRoles(settings, ['id', 'x', 'z', 'p', 'y'])).toEqual({
      label: 'y', predictedLabel: 'p', joinsource: 'id', excluded: ['x'], features: ['z'],
    });
  });

  it('names the key whose column is missing, or already the label', () => {
    expect(catchError(() => tableRoles(settings, ['id', 'x', 'z']))).toMatchObject({ field: '$.label' });
    expect(catchError(() => tableRoles(checkDatasetConfig({ dataset_type: 'text/csv', label: 0, predicted_label: 'a' }), ['a', 'b'])))
      .toMatchObject({ field: '$.predicted_label' });
    expect(catchError(() => resolveColumn(['a', 'b'], 2, '$.facet[0].name_or_index'))).toMatchObject({ field: '$.facet[0].name_or_index', value: 2 });
    expect(resolveColumn(['a', 'b'], 1, 'x')).toBe('b');
  });
});
