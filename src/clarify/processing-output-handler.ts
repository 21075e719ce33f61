import { DatasetType } from './constants.js';

/** How a processing job uploads its output (Python `ProcessingOutputHandler.S3UploadMode`). */
export type S3UploadMode = 'Continuous' | 'EndOfJob';

/**
 * Chooses how the Clarify job's results are uploaded (Python
 * `sagemaker.clarify.ProcessingOutputHandler`).
 *
 * @example
 * ```ts
 * ProcessingOutputHandler.getS3UploadMode({ dataset_type: 'application/x-image' }); // 'Continuous'
 * ```
 */
export class ProcessingOutputHandler {
  /** The upload modes (Python enum members). */
  static readonly S3UploadMode = { CONTINUOUS: 'Continuous', ENDOFJOB: 'EndOfJob' } as const;

  private constructor() {}

  /**
   * `'Continuous'` for image datasets, whose many per-image outputs are uploaded as they
   * are written; `'EndOfJob'` otherwise.
   */
  static getS3UploadMode(analysisConfig: { readonly dataset_type: string }): S3UploadMode {
    return analysisConfig.dataset_type === DatasetType.IMAGE
      ? ProcessingOutputHandler.S3UploadMode.CONTINUOUS
      : ProcessingOutputHandler.S3UploadMode.ENDOFJOB;
  }
}
