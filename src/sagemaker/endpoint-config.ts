/**
 * The CreateEndpointConfig request of one production variant, as the Python SDK's
 * `production_variant` and `Session.create_endpoint_config` build it, and its
 * sending: shared by `Model.deploy` and the engine's shadow endpoints.
 */
import {
  CreateEndpointConfigCommand,
  type CreateEndpointConfigCommandInput,
  type ProductionVariantAcceleratorType,
  type ProductionVariantInstanceType,
  type SageMakerClient,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { awsCall } from './aws-call.js';

/** What a CreateEndpointConfig request of one variant holds. */
export interface EndpointConfigParts {
  /** `EndpointConfigName`. */
  readonly name: string;
  readonly modelName: string;
  readonly instanceType: string;
  readonly initialInstanceCount: number;
  /** Sent when given. */
  readonly acceleratorType?: string | undefined;
  /** Sent when there are any. */
  readonly tags?: readonly Tag[] | undefined;
  /** `KmsKeyId`, sent when given. */
  readonly kmsKey?: string | undefined;
}

/**
 * The request: one variant `AllTraffic` of weight 1 with the model, instance type and
 * count (and accelerator), then `Tags` (when any) and `KmsKeyId` (when given).
 */
export function createEndpointConfigRequest(parts: EndpointConfigParts): CreateEndpointConfigCommandInput {
  return {
    EndpointConfigName: parts.name,
    ProductionVariants: [
      {
        VariantName: 'AllTraffic',
        ModelName: parts.modelName,
        InitialVariantWeight: 1,
        InitialInstanceCount: parts.initialInstanceCount,
        InstanceType: parts.instanceType as ProductionVariantInstanceType,
        ...(parts.acceleratorType !== undefined ? { AcceleratorType: parts.acceleratorType as ProductionVariantAcceleratorType } : {}),
      },
    ],
    ...(parts.tags && parts.tags.length > 0 ? { Tags: [...parts.tags] } : {}),
    ...(parts.kmsKey !== undefined ? { KmsKeyId: parts.kmsKey } : {}),
  };
}

/** Sends CreateEndpointConfig. */
export async function sendCreateEndpointConfig(client: SageMakerClient, request: CreateEndpointConfigCommandInput): Promise<void> {
  await awsCall('sagemaker:CreateEndpointConfig', () => client.send(new CreateEndpointConfigCommand(request)));
}
