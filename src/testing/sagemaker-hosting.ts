/**
 * Hosting resources: models, endpoint configurations and endpoints
 * (`Creating` → `InService`), with the service's own error answers for
 * duplicates and missing references.
 */
import { sagemakerArn, type EmulatorContext } from './emulator-context.js';
import { epochSeconds, type JsonObject, type JsonValue } from './json.js';
import { validationFault } from './service-fault.js';

interface Resource {
  readonly name: string;
  readonly arn: string;
  readonly request: JsonObject;
  readonly creationTime: number;
}

/** An endpoint as the emulator keeps it. */
export interface EndpointRecord extends Resource {
  status: 'Creating' | 'InService' | 'Failed';
  failureReason?: string;
  lastModifiedTime: number;
  readonly configName: string;
}

/** Models, endpoint configurations and endpoints of one emulator. */
export class HostingRegistry {
  readonly #ctx: EmulatorContext;
  readonly #models = new Map<string, Resource>();
  readonly #configs = new Map<string, Resource>();
  /** By lower-cased name: endpoint names are case-insensitive in SageMaker (CreateEndpoint's model documentation). */
  readonly #endpoints = new Map<string, EndpointRecord>();

  constructor(ctx: EmulatorContext) {
    this.#ctx = ctx;
  }

  createModel(name: string, request: JsonObject): Resource {
    const arn = sagemakerArn(this.#ctx, 'model', name);
    if (this.#models.has(name)) throw validationFault(`Cannot create already existing model "${arn}".`);
    const model = { name, arn, request, creationTime: Date.now() };
    this.#models.set(name, model);
    return model;
  }

  model(name: string): Resource {
    const model = this.#models.get(name);
    if (!model) throw validationFault(`Could not find model "${sagemakerArn(this.#ctx, 'model', name)}".`);
    return model;
  }

  deleteModel(name: string): void {
    this.model(name);
    this.#models.delete(name);
  }

  createEndpointConfig(name: string, request: JsonObject): Resource {
    const arn = sagemakerArn(this.#ctx, 'endpoint-config', name);
    if (this.#configs.has(name)) throw validationFault(`Cannot create already existing endpoint configuration "${arn}".`);
    for (const variant of variants(request)) {
      if (typeof variant.ModelName === 'string') this.model(variant.ModelName);
    }
    const config = { name, arn, request, creationTime: Date.now() };
    this.#configs.set(name, config);
    return config;
  }

  endpointConfig(name: string): Resource {
    const config = this.#configs.get(name);
    if (!config) {
      throw validationFault(`Could not find endpoint configuration "${sagemakerArn(this.#ctx, 'endpoint-config', name)}".`);
    }
    return config;
  }

  deleteEndpointConfig(name: string): void {
    this.endpointConfig(name);
    this.#configs.delete(name);
  }

  /** CreateEndpoint: the name is unique regardless of case (`case-ep` after `Case-EP` is refused); its case is kept. */
  createEndpoint(name: string, request: JsonObject): EndpointRecord {
    const arn = sagemakerArn(this.#ctx, 'endpoint', name);
    const key = name.toLowerCase();
    if (this.#endpoints.has(key)) throw validationFault(`Cannot create already existing endpoint "${arn}".`);
    const configName = String(request.EndpointConfigName);
    this.endpointConfig(configName);
    const now = Date.now();
    const endpoint: EndpointRecord = { name, arn, request, creationTime: now, lastModifiedTime: now, status: 'Creating', configName };
    this.#endpoints.set(key, endpoint);
    this.#ctx.scheduler.spawn(
      async () => {
        await this.#ctx.scheduler.sleep(this.#ctx.endpointDelayMs);
        if (this.#endpoints.get(key) !== endpoint) return; // deleted while creating
        const reason = this.#ctx.pendingFailures.get(`endpoint:${name}`);
        if (reason !== undefined) {
          this.#ctx.pendingFailures.delete(`endpoint:${name}`);
          endpoint.status = 'Failed';
          endpoint.failureReason = reason;
        } else {
          endpoint.status = 'InService';
        }
        endpoint.lastModifiedTime = Date.now();
      },
      (error) => this.#ctx.backgroundErrors.push(error),
    );
    return endpoint;
  }

  /** DescribeEndpoint, DeleteEndpoint: found whatever the case of `name`, as the endpoint's ARN is. */
  endpoint(name: string): EndpointRecord {
    const endpoint = this.#endpoints.get(name.toLowerCase());
    if (!endpoint) throw validationFault(`Could not find endpoint "${sagemakerArn(this.#ctx, 'endpoint', name)}".`);
    return endpoint;
  }

  /**
   * The endpoint InvokeEndpoint calls, or `undefined` (the runtime words its
   * own error): there the name's case must match the one it was created with.
   */
  findEndpoint(name: string): EndpointRecord | undefined {
    const endpoint = this.#endpoints.get(name.toLowerCase());
    return endpoint?.name === name ? endpoint : undefined;
  }

  deleteEndpoint(name: string): void {
    this.endpoint(name);
    this.#endpoints.delete(name.toLowerCase());
  }

  /** DescribeEndpoint's state members. */
  describeEndpointState(endpoint: EndpointRecord): JsonObject {
    const state: JsonObject = {
      EndpointName: endpoint.name,
      EndpointArn: endpoint.arn,
      EndpointConfigName: endpoint.configName,
      EndpointStatus: endpoint.status,
      CreationTime: epochSeconds(endpoint.creationTime),
      LastModifiedTime: epochSeconds(endpoint.lastModifiedTime),
    };
    if (endpoint.failureReason !== undefined) state.FailureReason = endpoint.failureReason;
    const config = this.#configs.get(endpoint.configName);
    if (endpoint.status === 'InService' && config) {
      state.ProductionVariants = variants(config.request).map((variant) => {
        const model = typeof variant.ModelName === 'string' ? this.#models.get(variant.ModelName) : undefined;
        const image = primaryImage(model?.request);
        const count = typeof variant.InitialInstanceCount === 'number' ? variant.InitialInstanceCount : 1;
        const weight = typeof variant.InitialVariantWeight === 'number' ? variant.InitialVariantWeight : 1;
        return {
          VariantName: variant.VariantName ?? 'AllTraffic',
          ...(image ? { DeployedImages: [{ SpecifiedImage: image, ResolvedImage: image, ResolutionTime: epochSeconds(endpoint.lastModifiedTime) }] } : {}),
          CurrentWeight: weight,
          DesiredWeight: weight,
          CurrentInstanceCount: count,
          DesiredInstanceCount: count,
        };
      });
    }
    return state;
  }

  /** The first production variant's name, as `InvokeEndpoint` reports it. */
  primaryVariant(endpoint: EndpointRecord): string {
    const config = this.#configs.get(endpoint.configName);
    const name = config ? variants(config.request)[0]?.VariantName : undefined;
    return typeof name === 'string' ? name : 'AllTraffic';
  }
}

function variants(request: JsonObject): JsonObject[] {
  const list: JsonValue | undefined = request.ProductionVariants;
  return Array.isArray(list) ? list.filter((v): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)) : [];
}

function primaryImage(request: JsonObject | undefined): string | undefined {
  const container = request?.PrimaryContainer ?? (Array.isArray(request?.Containers) ? request?.Containers[0] : undefined);
  if (typeof container !== 'object' || container === null || Array.isArray(container)) return undefined;
  return typeof container.Image === 'string' ? container.Image : undefined;
}
