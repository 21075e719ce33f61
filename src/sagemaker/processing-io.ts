/** Inputs and outputs of processing jobs (Python `ProcessingInput`, `ProcessingOutput`). */
import type { ProcessingInput as ProcessingInputShape, ProcessingOutput as ProcessingOutputShape } from '@aws-sdk/client-sagemaker';
import { ValidationError } from '../errors.js';
import { parseS3Uri } from './s3-uri.js';

/** Options of {@link ProcessingInput}. */
export interface ProcessingInputOptions {
  /** The S3 URI to read (`s3://bucket/prefix` or an object). */
  readonly source: string;
  /** Where the container finds it, e.g. `/opt/ml/processing/input/data`. */
  readonly destination: string;
  /** The input's name. @default `input-<n>`, numbered from 1 in the job's input list */
  readonly inputName?: string;
  /** `'S3Prefix'` or `'ManifestFile'`. @default 'S3Prefix' */
  readonly s3DataType?: 'S3Prefix' | 'ManifestFile';
  /** `'File'` or `'Pipe'`. @default 'File' */
  readonly s3InputMode?: 'File' | 'Pipe';
  /** `'FullyReplicated'` or `'ShardedByS3Key'`. @default 'FullyReplicated' */
  readonly s3DataDistributionType?: 'FullyReplicated' | 'ShardedByS3Key';
  /** `'None'` or `'Gzip'` (Gzip needs Pipe mode). @default 'None' */
  readonly s3CompressionType?: 'None' | 'Gzip';
  /** Whether the job manages the input itself. @default false */
  readonly appManaged?: boolean;
}

/** A `ProcessingInputs` entry of CreateProcessingJob. */
export type ProcessingInputRequest = ProcessingInputShape;

/** An S3 input of a processing job. */
export class ProcessingInput {
  /** The S3 URI read. */
  readonly source: string;
  /** The path inside the container. */
  readonly destination: string;
  /** The input's name, when given. */
  readonly inputName: string | undefined;
  /** How `source` is interpreted. */
  readonly s3DataType: 'S3Prefix' | 'ManifestFile';
  /** How the container reads it. */
  readonly s3InputMode: 'File' | 'Pipe';
  /** Whether every instance reads everything. */
  readonly s3DataDistributionType: 'FullyReplicated' | 'ShardedByS3Key';
  /** Compression of the data. */
  readonly s3CompressionType: 'None' | 'Gzip';
  /** Whether the job manages the input itself. */
  readonly appManaged: boolean;

  constructor(options: ProcessingInputOptions) {
    parseS3Uri(options.source, 'source');
    if (typeof options.destination !== 'string' || !options.destination.startsWith('/')) {
      throw new ValidationError('destination', options.destination, 'an absolute path inside the container');
    }
    this.source = options.source;
    this.destination = options.destination;
    this.inputName = options.inputName;
    this.s3DataType = oneOf('s3DataType', options.s3DataType ?? 'S3Prefix', ['S3Prefix', 'ManifestFile'] as const);
    this.s3InputMode = oneOf('s3InputMode', options.s3InputMode ?? 'File', ['File', 'Pipe'] as const);
    this.s3DataDistributionType = oneOf('s3DataDistributionType', options.s3DataDistributionType ?? 'FullyReplicated', ['FullyReplicated', 'ShardedByS3Key'] as const);
    this.s3CompressionType = oneOf('s3CompressionType', options.s3CompressionType ?? 'None', ['None', 'Gzip'] as const);
    if (this.s3CompressionType === 'Gzip' && this.s3InputMode !== 'Pipe') {
      throw new ValidationError('s3CompressionType', 'Gzip', "'None' with File input mode", 'data can only be gzipped when the input mode is Pipe');
    }
    this.appManaged = options.appManaged ?? false;
  }

  /** The request entry, in the Python SDK's key order. */
  toRequestDict(defaultName: string): ProcessingInputRequest {
    return {
      InputName: this.inputName ?? defaultName,
      AppManaged: this.appManaged,
      S3Input: {
        S3Uri: this.source,
        LocalPath: this.destination,
        S3DataType: this.s3DataType,
        S3InputMode: this.s3InputMode,
        S3DataDistributionType: this.s3DataDistributionType,
        S3CompressionType: this.s3CompressionType,
      },
    };
  }
}

/** Options of {@link ProcessingOutput}. */
export interface ProcessingOutputOptions {
  /** The folder inside the container the job writes, e.g. `/opt/ml/processing/output`. */
  readonly source: string;
  /** The S3 URI it is uploaded to. */
  readonly destination: string;
  /** The output's name. @default `output-<n>`, numbered from 1 */
  readonly outputName?: string;
  /** `'EndOfJob'`, or `'Continuous'` to upload files as they are written. @default 'EndOfJob' */
  readonly s3UploadMode?: 'EndOfJob' | 'Continuous';
  /** Whether the job manages the output itself. @default false */
  readonly appManaged?: boolean;
}

/** An `Outputs` entry of CreateProcessingJob. */
export type ProcessingOutputRequest = ProcessingOutputShape;

/** An S3 output of a processing job. */
export class ProcessingOutput {
  /** The folder inside the container. */
  readonly source: string;
  /** The S3 URI it is uploaded to. */
  readonly destination: string;
  /** The output's name, when given. */
  readonly outputName: string | undefined;
  /** When files are uploaded. */
  readonly s3UploadMode: 'EndOfJob' | 'Continuous';
  /** Whether the job manages the output itself. */
  readonly appManaged: boolean;

  constructor(options: ProcessingOutputOptions) {
    if (typeof options.source !== 'string' || !options.source.startsWith('/')) {
      throw new ValidationError('source', options.source, 'an absolute path inside the container');
    }
    parseS3Uri(options.destination, 'destination');
    this.source = options.source;
    this.destination = options.destination;
    this.outputName = options.outputName;
    this.s3UploadMode = oneOf('s3UploadMode', options.s3UploadMode ?? 'EndOfJob', ['EndOfJob', 'Continuous'] as const);
    this.appManaged = options.appManaged ?? false;
  }

  /** The request entry, in the Python SDK's key order. */
  toRequestDict(defaultName: string): ProcessingOutputRequest {
    return {
      OutputName: this.outputName ?? defaultName,
      AppManaged: this.appManaged,
      S3Output: { S3Uri: this.destination, LocalPath: this.source, S3UploadMode: this.s3UploadMode },
    };
  }
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new ValidationError(field, value, allowed.map((a) => `'${a}'`).join(', '));
  return value as T;
}
