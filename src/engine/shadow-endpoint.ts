/**
 * The temporary ("shadow") endpoint a Clarify job creates when its predictor
 * names a SageMaker model instead of an endpoint: one production variant with
 * the predictor's `instance_type` and `initial_instance_count`, deleted when
 * the job ends, whether it succeeded, failed or was aborted.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import {
  CreateEndpointCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DescribeEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { UnexpectedStatusError, ValidationError, throwIfAborted } from '../errors.js';
import { awsCall, sendOptions } from '../sagemaker/aws-call.js';
import { createEndpointConfigRequest, sendCreateEndpointConfig } from '../sagemaker/endpoint-config.js';
import type { Session } from '../sagemaker/session.js';

/** A running shadow endpoint; `dispose` deletes it and its config. */
export interface ShadowEndpoint {
  readonly endpointName: string;
  dispose(): Promise<void>;
}

/** How a shadow endpoint is created. */
export interface ShadowEndpointOptions {
  readonly modelName: string;
  /** `predictor.instance_type`. */
  readonly instanceType: string | undefined;
  /** `predictor.initial_instance_count` (default 1). */
  readonly initialInstanceCount: number | undefined;
  /** `predictor.accelerator_type`. */
  readonly acceleratorType?: string | undefined;
  /** Milliseconds before the second DescribeEndpoint poll; the wait grows 1.5× per poll, up to 10 s. @default 250 */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Creates the endpoint config and endpoint, waits until it is `InService`, and
 * returns a handle whose `dispose` deletes both (also when the wait fails).
 *
 * @throws {@link ValidationError} without `instance_type`, before any AWS call.
 * @throws {@link UnexpectedStatusError} when the endpoint ends `Failed`.
 */
export async function createShadowEndpoint(session: Session, options: ShadowEndpointOptions): Promise<ShadowEndpoint> {
  if (typeof options.instanceType !== 'string' || options.instanceType === '') {
    throw new ValidationError('$.predictor.instance_type', options.instanceType, 'an instance type (required with model_name)');
  }
  const count = options.initialInstanceCount ?? 1;
  if (!Number.isSafeInteger(count) || count < 1) throw new ValidationError('$.predictor.initial_instance_count', count, 'an integer >= 1');
  const client = session.sagemakerClient;
  // Clarify names its shadow endpoints `sm-clarify-<model>-<suffix>`, within the 63-character limit.
  const suffix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const base = `sm-clarify-${options.modelName.replace(/[^a-zA-Z0-9-]/g, '-')}`.slice(0, 62 - suffix.length).replace(/-+$/, '');
  const endpointName = `${base}-${suffix}`;
  let configCreated = false;
  let endpointCreated = false;
  const dispose = async () => {
    // Deletion must run even when the caller's signal has fired: no abortSignal here.
    if (endpointCreated) await awsCall('sagemaker:DeleteEndpoint', () => client.send(new DeleteEndpointCommand({ EndpointName: endpointName })));
    if (configCreated) await awsCall('sagemaker:DeleteEndpointConfig', () => client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: endpointName })));
  };
  try {
    await sendCreateEndpointConfig(client, createEndpointConfigRequest({
      name: endpointName,
      modelName: options.modelName,
      instanceType: options.instanceType,
      initialInstanceCount: count,
      acceleratorType: options.acceleratorType,
    }));
    configCreated = true;
    await awsCall('sagemaker:CreateEndpoint', () => client.send(new CreateEndpointCommand({ EndpointName: endpointName, EndpointConfigName: endpointName })));
    endpointCreated = true;
    await waitInService(session, endpointName, options.pollMs ?? 250, options.signal);
    return { endpointName, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

async function waitInService(session: Session, endpointName: string, pollMs: number, signal: AbortSignal | undefined): Promise<void> {
  let delay = pollMs;
  for (;;) {
    throwIfAborted(signal);
    const description = await awsCall('sagemaker:DescribeEndpoint', () =>
      session.sagemakerClient.send(new DescribeEndpointCommand({ EndpointName: endpointName }), sendOptions(signal)), signal);
    const status = description.EndpointStatus ?? 'Unknown';
    if (status === 'InService') return;
    if (status !== 'Creating' && status !== 'Updating' && status !== 'SystemUpdating') {
      throw new UnexpectedStatusError({
        resourceName: endpointName,
        resourceType: 'Endpoint',
        status,
        ...(description.FailureReason !== undefined ? { failureReason: description.FailureReason } : {}),
        allowedStatuses: ['InService'],
      });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(10_000, delay * 1.5);
  }
}
