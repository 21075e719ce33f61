import type { CreateProcessingJobCommandInput, CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';

export const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
export const BUCKET = 'sagemaker-us-east-1-123456789012';
export const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer:latest';

export function trainingJob(name: string, overrides: Partial<CreateTrainingJobCommandInput> = {}): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: name,
    AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
    RoleArn: ROLE,
    HyperParameters: { epochs: '3' },
    OutputDataConfig: { S3OutputPath: `s3://${BUCKET}/models` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    ...overrides,
  };
}

export function processingJob(name: string, instanceCount = 1): CreateProcessingJobCommandInput {
  return {
    ProcessingJobName: name,
    RoleArn: ROLE,
    AppSpecification: { ImageUri: IMAGE },
    ProcessingResources: { ClusterConfig: { InstanceType: 'ml.c5.xlarge', InstanceCount: instanceCount, VolumeSizeInGB: 30 } },
    ProcessingInputs: [
      {
        InputName: 'dataset',
        S3Input: { S3Uri: `s3://${BUCKET}/in`, LocalPath: '/opt/ml/processing/input/data', S3DataType: 'S3Prefix', S3InputMode: 'File' },
      },
    ],
    ProcessingOutputConfig: {
      Outputs: [{ OutputName: 'analysis_result', S3Output: { S3Uri: `s3://${BUCKET}/out`, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }],
    },
  };
}

/** Polls `read` until `done` holds for its value (or fails after `timeoutMs`). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Catches the rejection of `promise` (fails when it resolves). */
export type ServiceError = Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string; [member: string]: unknown };

export async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected a rejection');
}
