/**
 * SageMaker Runtime InvokeEndpoint, routed to the model a test registered for
 * the endpoint. Errors are the runtime's own: `ValidationError` (400) for an
 * unknown endpoint, `ModelError` (424) when the model fails.
 */
import type { HostingRegistry } from './sagemaker-hosting.js';
import type { LogStore } from './log-store.js';
import { ServiceFault } from './service-fault.js';

/** One InvokeEndpoint call as the model sees it. */
export interface InvocationRequest {
  /** The endpoint that was called. */
  readonly endpointName: string;
  /** The production variant serving the call (the endpoint config's first). */
  readonly variantName: string;
  /** The request body, unchanged. */
  readonly body: Uint8Array;
  /** The `Content-Type` of the request, if sent. */
  readonly contentType?: string;
  /** The `Accept` of the request, if sent. */
  readonly accept?: string;
  /** `X-Amzn-SageMaker-Custom-Attributes`, if sent. */
  readonly customAttributes?: string;
}

/** What a model answers. A bare string or bytes means a body with content type `application/json`. */
export interface InvocationResponse {
  /** The response body. */
  body: Uint8Array | string;
  /**
   * The `Content-Type` of the response.
   * @default 'application/json'
   */
  contentType?: string;
  /** `X-Amzn-SageMaker-Custom-Attributes` of the response. */
  customAttributes?: string;
}

/**
 * The model behind an endpoint: a function, or any backend wrapped in one.
 * Throwing answers the caller with a runtime `ModelError` (424) carrying the message.
 */
export type EndpointHandler = (
  request: InvocationRequest,
) => Promise<InvocationResponse | Uint8Array | string> | InvocationResponse | Uint8Array | string;

/** The HTTP answer to an invocation. */
export interface InvocationAnswer {
  body: Uint8Array;
  headers: Record<string, string>;
}

export async function invokeEndpoint(
  hosting: HostingRegistry,
  handlers: ReadonlyMap<string, EndpointHandler>,
  logs: LogStore,
  identity: { region: string; accountId: string },
  request: Omit<InvocationRequest, 'variantName'>,
): Promise<InvocationAnswer> {
  const { endpointName } = request;
  const endpoint = hosting.findEndpoint(endpointName);
  if (!endpoint) throw new ServiceFault('ValidationError', `Endpoint ${endpointName} of account ${identity.accountId} not found.`);
  if (endpoint.status !== 'InService') {
    throw new ServiceFault('ValidationError', `Endpoint ${endpointName} of account ${identity.accountId} is not in service (status ${endpoint.status}).`);
  }
  const variantName = hosting.primaryVariant(endpoint);
  const logGroup = `/aws/sagemaker/Endpoints/${endpointName}`;
  const logStream = `${variantName}/i-0clarifytslocal`;
  const modelError = (message: string): ServiceFault => {
    logs.append(logGroup, logStream, message);
    return new ServiceFault('ModelError', `Received server error (500) from primary with message "${message}".`, 424, {
      OriginalStatusCode: 500,
      OriginalMessage: message,
      LogStreamArn: `arn:aws:logs:${identity.region}:${identity.accountId}:log-group:${logGroup}`,
    });
  };

  const handler = handlers.get(endpointName);
  if (!handler) {
    throw modelError(`clarify-ts/testing: no model is registered for endpoint ${endpointName}; call setEndpointHandler('${endpointName}', handler)`);
  }
  let answer: InvocationResponse | Uint8Array | string;
  try {
    answer = await handler({ ...request, variantName });
  } catch (error) {
    throw modelError(error instanceof Error ? error.message : String(error));
  }
  const response: InvocationResponse = typeof answer === 'string' || answer instanceof Uint8Array ? { body: answer } : answer;
  const body = typeof response.body === 'string' ? new TextEncoder().encode(response.body) : response.body;
  return {
    body,
    headers: {
      'content-type': response.contentType ?? 'application/json',
      'x-amzn-invoked-production-variant': variantName,
      ...(response.customAttributes !== undefined ? { 'x-amzn-sagemaker-custom-attributes': response.customAttributes } : {}),
    },
  };
}
