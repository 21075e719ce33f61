/**
 * The CreateModel request as the Python SDK's `Session.create_model` builds it,
 * and its sending, shared by `Session.createModel` and `Model.create`.
 */
import { CreateModelCommand, type ContainerDefinition, type CreateModelCommandInput, type SageMakerClient, type Tag, type VpcConfig } from '@aws-sdk/client-sagemaker';
import { awsCall } from './aws-call.js';

/** What a CreateModel request holds, before its keys are ordered. */
export interface CreateModelParts {
  readonly name: string;
  readonly roleArn: string;
  /** Sent as `Containers`. */
  readonly containers?: readonly ContainerDefinition[];
  /** Sent as `PrimaryContainer`. */
  readonly primaryContainer?: ContainerDefinition;
  readonly tags?: readonly Tag[];
  readonly vpcConfig?: VpcConfig;
  readonly enableNetworkIsolation?: boolean;
}

/**
 * The request in Python's key order: `ModelName`, `ExecutionRoleArn`, `Containers`
 * or `PrimaryContainer`, then `Tags` (when any), `VpcConfig` (when given) and
 * `EnableNetworkIsolation` (only when true).
 */
export function createModelRequest(parts: CreateModelParts): CreateModelCommandInput {
  return {
    ModelName: parts.name,
    ExecutionRoleArn: parts.roleArn,
    ...(parts.containers !== undefined ? { Containers: [...parts.containers] } : {}),
    ...(parts.primaryContainer !== undefined ? { PrimaryContainer: parts.primaryContainer } : {}),
    ...(parts.tags && parts.tags.length > 0 ? { Tags: [...parts.tags] } : {}),
    ...(parts.vpcConfig ? { VpcConfig: parts.vpcConfig } : {}),
    ...(parts.enableNetworkIsolation ? { EnableNetworkIsolation: true } : {}),
  };
}

/** Sends CreateModel; a model of that name that already exists is kept, as Python does (it logs a warning). */
export async function sendCreateModel(client: SageMakerClient, request: CreateModelCommandInput): Promise<void> {
  try {
    await awsCall('sagemaker:CreateModel', () => client.send(new CreateModelCommand(request)));
  } catch (error) {
    if (!(error instanceof Error && /Cannot create already existing model/.test(error.message))) throw error;
  }
}
