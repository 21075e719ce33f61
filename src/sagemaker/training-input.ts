/** A training channel's data (Python `sagemaker.inputs.TrainingInput`). */
import type { Channel } from '@aws-sdk/client-sagemaker';
import { ValidationError } from '../errors.js';
import { parseS3Uri } from './s3-uri.js';

/** Options of {@link TrainingInput} (Python parameters, camelCased). */
export interface TrainingInputOptions {
  /** `'FullyReplicated'` or `'ShardedByS3Key'`. @default 'FullyReplicated' */
  readonly distribution?: 'FullyReplicated' | 'ShardedByS3Key';
  /** `'Gzip'` or `'None'`. @default not sent */
  readonly compression?: 'Gzip' | 'None';
  /** The data's MIME type, e.g. `application/x-recordio`. @default not sent */
  readonly contentType?: string;
  /** `'RecordIO'` to wrap records. @default not sent */
  readonly recordWrapping?: 'RecordIO' | 'None';
  /** `'S3Prefix'`, `'ManifestFile'` or `'AugmentedManifestFile'`. @default 'S3Prefix' */
  readonly s3DataType?: 'S3Prefix' | 'ManifestFile' | 'AugmentedManifestFile';
  /** `'File'`, `'Pipe'` or `'FastFile'`. @default not sent (the estimator's) */
  readonly inputMode?: 'File' | 'Pipe' | 'FastFile';
  /** Attribute names of an augmented manifest. @default not sent */
  readonly attributeNames?: readonly string[];
  /** Seed to shuffle the data with. @default not sent */
  readonly shuffleSeed?: number;
}

/**
 * Where a training channel reads from.
 *
 * @example
 * ```ts
 * new TrainingInput(`s3://${bucket}/ic-transfer-learning/train_rec/`, {
 *   distribution: 'FullyReplicated', contentType: 'application/x-recordio', s3DataType: 'S3Prefix',
 * });
 * ```
 */
export class TrainingInput {
  /** The channel as it goes into `InputDataConfig` (without its `ChannelName`). */
  readonly config: Omit<Channel, 'ChannelName'>;

  constructor(s3Data: string, options: TrainingInputOptions = {}) {
    parseS3Uri(s3Data, 's3Data');
    if (options.shuffleSeed !== undefined && !Number.isInteger(options.shuffleSeed)) {
      throw new ValidationError('shuffleSeed', options.shuffleSeed, 'an integer');
    }
    // Key order as the Python SDK builds the channel.
    const source: NonNullable<NonNullable<Channel['DataSource']>['S3DataSource']> = {
      S3DataType: options.s3DataType ?? 'S3Prefix',
      S3Uri: s3Data,
      S3DataDistributionType: options.distribution ?? 'FullyReplicated',
      ...(options.attributeNames !== undefined ? { AttributeNames: [...options.attributeNames] } : {}),
    };
    this.config = {
      DataSource: { S3DataSource: source },
      ...(options.compression !== undefined ? { CompressionType: options.compression } : {}),
      ...(options.contentType !== undefined ? { ContentType: options.contentType } : {}),
      ...(options.recordWrapping !== undefined ? { RecordWrapperType: options.recordWrapping } : {}),
      ...(options.inputMode !== undefined ? { InputMode: options.inputMode } : {}),
      ...(options.shuffleSeed !== undefined ? { ShuffleConfig: { Seed: options.shuffleSeed } } : {}),
    };
  }
}
