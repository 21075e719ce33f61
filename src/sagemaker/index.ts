/**
 * The `sagemaker` pieces a Clarify workflow needs: Session, image URIs, training,
 * models, endpoints and processing jobs.
 *
 * @packageDocumentation
 */
export { Session } from './session.js';
export type { SessionOptions, UploadDataOptions, UploadStringOptions, ListS3FilesOptions, SessionCreateModelOptions } from './session.js';
export type { SessionClientConfig, SessionClients } from './session-clients.js';
export type { S3ObjectInfo, TransferProgress, UploadExtraArgs, UploadOptions, DownloadOptions } from './s3-transfer.js';
export { getExecutionRole } from './execution-role.js';
export { imageUris } from './image-uris.js';
export type { ImageFramework, RetrieveOptions } from './image-uris.js';
export type { Clock } from './clock.js';
export { parseS3Uri } from './s3-uri.js';
export type { S3Location } from './s3-uri.js';
export type { Tag, Tags } from './tags.js';
export type { WaitOptions } from './wait-options.js';
export { waitForProcessingJob, waitForTrainingJob } from './job-waiter.js';
export type { JobWaitOptions } from './job-waiter.js';
export { printJobLog } from './log-tailer.js';
export type { JobLogEvent, JobLogHandler } from './log-tailer.js';
export { NetworkConfig } from './network-config.js';
export type { NetworkConfigOptions, NetworkConfigRequest } from './network-config.js';
export { ProcessingInput, ProcessingOutput } from './processing-io.js';
export type { ProcessingInputOptions, ProcessingOutputOptions, ProcessingInputRequest, ProcessingOutputRequest } from './processing-io.js';
export { Job, ProcessingJob, TrainingJob } from './job.js';
export { Processor } from './processor.js';
export type { ProcessorOptions, ProcessorRunOptions, JobRunOptions, ExperimentConfig } from './processor.js';
export { Estimator } from './estimator.js';
export type { EstimatorOptions, FitInputs, FitOptions, CreateModelOptions } from './estimator.js';
export type { HyperparameterValue } from './python-str.js';
export { TrainingInput } from './training-input.js';
export type { TrainingInputOptions } from './training-input.js';
export { Model } from './model.js';
export type { ModelOptions, DeployOptions } from './model.js';
export { Predictor } from './predictor.js';
export type { PredictorOptions, PredictOptions } from './predictor.js';
export {
  JSONSerializer,
  IdentitySerializer,
  NumpySerializer,
  JPEG_SERIALIZER,
  PNG_SERIALIZER,
  JSONDeserializer,
  BytesDeserializer,
} from './serializers.js';
export type { Serializer, Deserializer } from './serializers.js';
