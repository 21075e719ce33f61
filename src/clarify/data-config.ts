import { ValidationError } from '../errors.js';
import type { DataConfigFragment, NameOrIndex } from './analysis-config.js';
import {
  isSet,
  checkNameOrIndex,
  checkNameOrIndexArray,
  checkOneOf,
  checkOptionalInstance,
  checkOptions,
  checkString,
  checkStringArray,
  refuseIf,
} from './check.js';
import { cloneConfig } from './clone.js';
import { DATASET_TYPES, DatasetType, TABULAR_DATASET_TYPES } from './constants.js';
import { SegmentationConfig } from './segmentation-config.js';
import { TimeSeriesDataConfig } from './time-series-data-config.js';

/** How the dataset input is compressed (Python `s3_compression_type`). */
export type S3CompressionType = 'None' | 'Gzip';

/** Options of {@link DataConfig} (Python `DataConfig(...)` parameters, camelCased). */
export interface DataConfigOptions {
  /** Dataset location: an S3 URI prefix or object (or a local path the processor uploads). */
  readonly s3DataInputPath: string;
  /** Where the job writes its results (S3 URI prefix). */
  readonly s3OutputPath: string;
  /**
   * Where `analysis_config.json` is uploaded.
   * @default undefined (falls back to `s3OutputPath`)
   */
  readonly s3AnalysisConfigOutputPath?: string;
  /**
   * The target column (header name or index); for JSON data a JMESPath.
   * @default undefined (omitted; the dataset has no label)
   */
  readonly label?: NameOrIndex;
  /**
   * Column names of the dataset (including the label).
   * @default undefined (omitted)
   */
  readonly headers?: readonly string[];
  /**
   * JMESPath that finds the feature vector in a JSON Lines / JSON record. Required for
   * `application/json` data without a time-series config.
   * @default undefined (omitted)
   */
  readonly features?: string;
  /**
   * The dataset format.
   * @default 'text/csv'
   */
  readonly datasetType?: DatasetType;
  /**
   * Compression of the dataset input (`'Gzip'` needs Pipe input mode; the processor checks).
   * @default 'None'
   */
  readonly s3CompressionType?: S3CompressionType;
  /**
   * Column used to join the main dataset with the facet / predicted-label datasets
   * (written as `joinsource_name_or_index`).
   * @default undefined (omitted)
   */
  readonly joinsource?: NameOrIndex;
  /**
   * A separate dataset holding the facet columns (CSV only).
   * @default undefined (omitted)
   */
  readonly facetDatasetUri?: string;
  /**
   * Column names of the facet dataset (CSV only).
   * @default undefined (omitted)
   */
  readonly facetHeaders?: readonly string[];
  /**
   * A separate dataset holding predicted labels (CSV only).
   * @default undefined (omitted)
   */
  readonly predictedLabelDatasetUri?: string;
  /**
   * Column names of the predicted-label dataset (CSV only).
   * @default undefined (omitted)
   */
  readonly predictedLabelHeaders?: readonly string[];
  /**
   * The column holding the model's predicted label, when the dataset already has one
   * (tabular data only).
   * @default undefined (omitted)
   */
  readonly predictedLabel?: NameOrIndex;
  /**
   * Columns the model must not see (tabular data only).
   * @default undefined (omitted)
   */
  readonly excludedColumns?: readonly NameOrIndex[];
  /**
   * Segmentations whose metrics are reported separately.
   * @default undefined (omitted)
   */
  readonly segmentationConfig?: readonly SegmentationConfig[];
  /**
   * Where a time-series dataset keeps its fields (needs `datasetType: 'application/json'`).
   * @default undefined (omitted)
   */
  readonly timeSeriesDataConfig?: TimeSeriesDataConfig;
}

/**
 * The dataset to analyse and where results go (Python `sagemaker.clarify.DataConfig`).
 * Only the dataset's description enters the analysis config; the S3 paths become the
 * processing job's inputs and outputs.
 *
 * @example
 * ```ts
 * // The image-classification notebook's dataset:
 * const dataConfig = new DataConfig({
 *   s3DataInputPath: `s3://${bucket}/sagemaker/DEMO-sagemaker-clarify-cv/`,
 *   s3OutputPath: `s3://${bucket}/sagemaker/DEMO-sagemaker-clarify-cv/cv_analysis_result`,
 *   datasetType: 'application/x-image',
 * });
 * ```
 */
export class DataConfig {
  /** Dataset location (Python `s3_data_input_path`). */
  readonly s3DataInputPath: string;
  /** Results location (Python `s3_output_path`). */
  readonly s3OutputPath: string;
  /** Where the analysis config is uploaded, when not `s3OutputPath`. */
  readonly s3AnalysisConfigOutputPath: string | undefined;
  /** Always `'FullyReplicated'`: every instance reads the whole dataset (not an option in Python either). */
  readonly s3DataDistributionType = 'FullyReplicated' as const;
  /** Compression of the dataset input. */
  readonly s3CompressionType: S3CompressionType;
  /** The dataset format. */
  readonly datasetType: DatasetType;
  /** The time-series configuration, if any. */
  readonly timeSeriesDataConfig: TimeSeriesDataConfig | undefined;
  readonly #config: DataConfigFragment;

  constructor(options: DataConfigOptions) {
    const owner = 'DataConfig';
    checkOptions(owner, options);
    this.s3DataInputPath = checkString(owner, 's3DataInputPath', options.s3DataInputPath, true);
    this.s3OutputPath = checkString(owner, 's3OutputPath', options.s3OutputPath, true);
    this.s3AnalysisConfigOutputPath = isSet(options.s3AnalysisConfigOutputPath)
      ? checkString(owner, 's3AnalysisConfigOutputPath', options.s3AnalysisConfigOutputPath, true)
      : undefined;
    this.s3CompressionType = checkOneOf(owner, 's3CompressionType', options.s3CompressionType ?? 'None', ['None', 'Gzip']);
    const datasetType = checkOneOf(owner, 'datasetType', options.datasetType ?? DatasetType.TEXTCSV, DATASET_TYPES);
    this.datasetType = datasetType;
    const tabular = TABULAR_DATASET_TYPES.includes(datasetType);
    // Python tests truthiness here, so '' and [] slip through and are still written below.
    const leftOut = `undefined for dataset type ${datasetType}`;
    refuseIf(owner, 'predictedLabel', options.predictedLabel, !tabular && Boolean(options.predictedLabel), leftOut,
      `only tabular datasets (${TABULAR_DATASET_TYPES.join(', ')}) carry a predicted label`);
    refuseIf(owner, 'excludedColumns', options.excludedColumns, !tabular && Boolean(options.excludedColumns && options.excludedColumns.length > 0),
      leftOut, `only tabular datasets (${TABULAR_DATASET_TYPES.join(', ')}) have columns to exclude`);
    for (const field of ['facetDatasetUri', 'facetHeaders', 'predictedLabelDatasetUri', 'predictedLabelHeaders'] as const) {
      refuseIf(owner, field, options[field], datasetType !== DatasetType.TEXTCSV && isTruthy(options[field]), leftOut,
        'separate facet and predicted-label datasets are supported for text/csv only');
    }
    const timeSeries = checkOptionalInstance(owner, 'timeSeriesDataConfig', options.timeSeriesDataConfig, TimeSeriesDataConfig,
      'a TimeSeriesDataConfig');
    if (timeSeries && datasetType !== DatasetType.JSON) {
      throw new ValidationError('datasetType', datasetType, `'${DatasetType.JSON}' when timeSeriesDataConfig is given`, owner);
    }
    if (datasetType === DatasetType.JSON && !isSet(options.features) && !timeSeries) {
      throw new ValidationError('features', options.features, 'a JMESPath string',
        `${owner}: features is required for application/json datasets without a time-series config`);
    }
    this.timeSeriesDataConfig = timeSeries;

    const config: DataConfigFragment = { dataset_type: datasetType };
    if (isSet(options.features)) config.features = checkString(owner, 'features', options.features);
    if (isSet(options.headers)) config.headers = checkStringArray(owner, 'headers', options.headers);
    if (isSet(options.label)) config.label = checkNameOrIndex(owner, 'label', options.label);
    if (isSet(options.joinsource)) config.joinsource_name_or_index = checkNameOrIndex(owner, 'joinsource', options.joinsource);
    if (isSet(options.facetDatasetUri)) config.facet_dataset_uri = checkString(owner, 'facetDatasetUri', options.facetDatasetUri);
    if (isSet(options.facetHeaders)) config.facet_headers = checkStringArray(owner, 'facetHeaders', options.facetHeaders);
    if (isSet(options.predictedLabelDatasetUri)) {
      config.predicted_label_dataset_uri = checkString(owner, 'predictedLabelDatasetUri', options.predictedLabelDatasetUri);
    }
    if (isSet(options.predictedLabelHeaders)) {
      config.predicted_label_headers = checkStringArray(owner, 'predictedLabelHeaders', options.predictedLabelHeaders);
    }
    if (isSet(options.predictedLabel)) config.predicted_label = checkNameOrIndex(owner, 'predictedLabel', options.predictedLabel);
    if (isSet(options.excludedColumns)) {
      config.excluded_columns = checkNameOrIndexArray(owner, 'excludedColumns', options.excludedColumns);
    }
    if (options.segmentationConfig && options.segmentationConfig.length > 0) {
      config.segment_config = options.segmentationConfig.map((segmentation, i) => {
        if (!(segmentation instanceof SegmentationConfig)) {
          throw new ValidationError(`segmentationConfig[${i}]`, segmentation, 'a SegmentationConfig', owner);
        }
        return segmentation.toDict();
      });
    }
    if (timeSeries) config.time_series_data_config = timeSeries.getTimeSeriesDataConfig();
    this.#config = config;
  }

  /** The dataset part of the analysis config (Python `get_config()`), a fresh copy. */
  getConfig(): DataConfigFragment {
    return cloneConfig(this.#config);
  }
}


function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}
