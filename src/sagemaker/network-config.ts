/** Network settings of processing jobs (Python `sagemaker.network.NetworkConfig`). */
import type { NetworkConfig as NetworkConfigShape } from '@aws-sdk/client-sagemaker';
import { ValidationError } from '../errors.js';

/** Options of {@link NetworkConfig}. */
export interface NetworkConfigOptions {
  /**
   * Cut the containers off the network. Clarify jobs must leave it off: they call the model's endpoint.
   * @default false
   */
  readonly enableNetworkIsolation?: boolean;
  /** Security groups of the VPC the job runs in (with `subnets`). @default none */
  readonly securityGroupIds?: readonly string[];
  /** Subnets of the VPC the job runs in (with `securityGroupIds`). @default none */
  readonly subnets?: readonly string[];
  /** Encrypt traffic between the job's instances. @default undefined (not sent) */
  readonly encryptInterContainerTraffic?: boolean;
}

/** The `NetworkConfig` member of CreateProcessingJob. */
export type NetworkConfigRequest = NetworkConfigShape;

/**
 * VPC and isolation settings of a processing job.
 *
 * @example
 * ```ts
 * new NetworkConfig({ securityGroupIds: ['sg-1'], subnets: ['subnet-1'] });
 * ```
 */
export class NetworkConfig {
  /** Whether the containers are cut off the network. */
  readonly enableNetworkIsolation: boolean;
  /** VPC security groups. */
  readonly securityGroupIds: readonly string[] | undefined;
  /** VPC subnets. */
  readonly subnets: readonly string[] | undefined;
  /** Whether traffic between instances is encrypted (not sent when undefined). */
  readonly encryptInterContainerTraffic: boolean | undefined;

  constructor(options: NetworkConfigOptions = {}) {
    for (const field of ['enableNetworkIsolation', 'encryptInterContainerTraffic'] as const) {
      if (options[field] !== undefined && typeof options[field] !== 'boolean') throw new ValidationError(field, options[field], 'a boolean');
    }
    for (const field of ['securityGroupIds', 'subnets'] as const) {
      const value: unknown = options[field];
      if (value !== undefined && (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== ''))) {
        throw new ValidationError(field, value, 'a list of non-empty strings');
      }
    }
    if ((options.securityGroupIds === undefined) !== (options.subnets === undefined)) {
      const field = options.securityGroupIds === undefined ? 'securityGroupIds' : 'subnets';
      throw new ValidationError(field, undefined, 'a list of strings', 'a VPC needs both securityGroupIds and subnets (the API requires both)');
    }
    this.enableNetworkIsolation = options.enableNetworkIsolation ?? false;
    this.securityGroupIds = options.securityGroupIds && [...options.securityGroupIds];
    this.subnets = options.subnets && [...options.subnets];
    this.encryptInterContainerTraffic = options.encryptInterContainerTraffic;
  }

  /** The request member, in the Python SDK's key order (Python `_to_request_dict`). */
  toRequestDict(): NetworkConfigRequest {
    const request: NetworkConfigRequest = { EnableNetworkIsolation: this.enableNetworkIsolation };
    if (this.encryptInterContainerTraffic !== undefined) request.EnableInterContainerTrafficEncryption = this.encryptInterContainerTraffic;
    if (this.securityGroupIds !== undefined && this.subnets !== undefined) {
      request.VpcConfig = { SecurityGroupIds: [...this.securityGroupIds], Subnets: [...this.subnets] };
    }
    return request;
  }
}
