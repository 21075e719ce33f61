/**
 * The emulator's HTTP front end: tells the protocols apart (AWS JSON 1.1 by
 * `X-Amz-Target`, REST-JSON InvokeEndpoint by path, AWS Query by form body),
 * validates input against the API models, applies injected faults, records the
 * request and writes each protocol's success and error formats.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from './faults.js';
import type { JsonObject } from './json.js';
import { EMULATED_OPERATIONS } from './operations.js';
import type { InvocationAnswer, InvocationRequest } from './runtime-service.js';
import type { Scheduler } from './scheduler.js';
import { ServiceFault } from './service-fault.js';
import type { ServiceModel } from './service-model.js';
import { formatConstraintMessage, validateShape } from './shape-validator.js';
import { QUERY_VERSIONS, queryErrorXml } from './query-services.js';

/** A handler of one AWS JSON operation, given its validated input. */
export type JsonHandler = (input: JsonObject) => JsonObject;

/** A recorded request; `status` is filled in when the answer is written. */
export interface MutableRecordedRequest {
  operation: string;
  input: JsonObject;
  time: number;
  status: number;
}

/** What the router dispatches to. */
export interface RouterServices {
  /** AWS JSON services by `X-Amz-Target` prefix (`SageMaker`, `Logs_20140328`). */
  json: Record<string, { service: 'sagemaker' | 'logs'; model: ServiceModel; handlers: Record<string, JsonHandler> }>;
  /** AWS Query services (their models validate input; `answer` writes the XML result). */
  query: { models: Record<'sts' | 'iam', ServiceModel>; answer: (service: 'sts' | 'iam', action: string, params: URLSearchParams) => string };
  /** SageMaker Runtime InvokeEndpoint. */
  invoke: (request: Omit<InvocationRequest, 'variantName'>) => Promise<InvocationAnswer>;
  faults: FaultInjector;
  scheduler: Scheduler;
  requests: MutableRecordedRequest[];
}

interface Reply {
  status?: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

type FaultWriter = (fault: ServiceFault) => Reply;

/** Builds the request handler; `body` is the whole request body. */
export function createRouter(services: RouterServices): (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> {
  /** Records the call, applies injected delays and faults, then runs `answer`. */
  const handle = async (res: ServerResponse, operation: string, input: JsonObject, answer: () => Promise<Reply>, writeFault: FaultWriter): Promise<void> => {
    const record: MutableRecordedRequest = { operation, input, time: Date.now(), status: 0 };
    services.requests.push(record);
    let reply: Reply;
    try {
      const { delayMs, fault } = services.faults.take(operation);
      if (delayMs > 0) await services.scheduler.sleep(delayMs);
      if (fault) throw fault;
      reply = await answer();
    } catch (error) {
      if (!(error instanceof ServiceFault)) throw error;
      reply = { ...writeFault(error), status: error.status };
    }
    record.status = reply.status ?? 200;
    res.writeHead(record.status, { 'x-amzn-requestid': crypto.randomUUID(), ...reply.headers });
    res.end(reply.body);
  };

  return async (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') return routeJson(target, body, res, services, handle);

    const invocation = /^\/endpoints\/([^/]+)\/invocations$/.exec(url.pathname);
    if (invocation && req.method === 'POST') return routeInvocation(decodeURIComponent(invocation[1]), req, body, res, services, handle);

    if (req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return routeQuery(new URLSearchParams(body.toString('utf8')), res, services, handle);
    }
    notFound(res, `no emulated operation at ${req.method} ${url.pathname}`);
  };
}

type Handle = (res: ServerResponse, operation: string, input: JsonObject, answer: () => Promise<Reply>, writeFault: FaultWriter) => Promise<void>;

function jsonFault(fault: ServiceFault): Reply {
  // SageMaker's modelled exceptions carry `Message`; framework errors carry `message`.
  const messageKey = /^Resource(NotFound|InUse|LimitExceeded)$/.test(fault.code) ? 'Message' : 'message';
  return {
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': fault.code },
    body: JSON.stringify({ __type: fault.code, [messageKey]: fault.message, ...fault.extra }),
  };
}

async function routeJson(target: string, body: Buffer, res: ServerResponse, services: RouterServices, handle: Handle): Promise<void> {
  const [prefix, operation = ''] = target.split('.');
  const service = services.json[prefix];
  if (!service) return notFound(res, `unknown X-Amz-Target ${target}`);
  const name = `${service.service}:${operation}`;
  let input: JsonObject;
  try {
    input = (body.length ? JSON.parse(body.toString('utf8')) : {}) as JsonObject;
  } catch {
    return handle(res, name, {}, () => Promise.reject(new ServiceFault('SerializationException', 'Request body is not valid JSON')), jsonFault);
  }
  return handle(
    res,
    name,
    input,
    async () => {
      const handler = service.handlers[operation];
      const spec = service.model.operations[operation];
      if (!handler || !spec) throw unknownOperation(service.service, target);
      if (spec.input) {
        const problems = validateShape(service.model, spec.input.shape, input);
        if (problems.serialization.length) throw new ServiceFault('SerializationException', problems.serialization.join('; '));
        if (problems.constraints.length) {
          // CloudWatch Logs words constraint failures as InvalidParameterException.
          const code = service.service === 'logs' ? 'InvalidParameterException' : 'ValidationException';
          throw new ServiceFault(code, formatConstraintMessage(problems.constraints));
        }
      }
      return { headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(handler(input)) };
    },
    jsonFault,
  );
}

async function routeInvocation(endpointName: string, req: IncomingMessage, body: Buffer, res: ServerResponse, services: RouterServices, handle: Handle): Promise<void> {
  const sent: { contentType?: string; accept?: string; customAttributes?: string } = {};
  for (const [key, name] of [['contentType', 'content-type'], ['accept', 'accept'], ['customAttributes', 'x-amzn-sagemaker-custom-attributes']] as const) {
    const value = req.headers[name];
    if (typeof value === 'string') sent[key] = value;
  }
  const request = { endpointName, body: new Uint8Array(body), ...sent };
  return handle(
    res,
    'sagemaker-runtime:InvokeEndpoint',
    { endpointName, ...sent, bodyLength: body.length },
    () => services.invoke(request),
    (fault) => ({
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': fault.code },
      body: JSON.stringify({ ErrorCode: fault.code, message: fault.message, ...fault.extra }),
    }),
  );
}

async function routeQuery(params: URLSearchParams, res: ServerResponse, services: RouterServices, handle: Handle): Promise<void> {
  const action = params.get('Action') ?? '';
  const service = QUERY_VERSIONS[params.get('Version') ?? ''];
  if (!service) return notFound(res, `unknown Query API version ${params.get('Version')}`);
  const input: JsonObject = Object.fromEntries([...params].filter(([key]) => key !== 'Action' && key !== 'Version'));
  const model = services.query.models[service];
  return handle(
    res,
    `${service}:${action}`,
    input,
    async () => {
      // The implemented Query operations take only top-level strings, so the form maps 1:1 onto the input shape.
      const spec = model.operations[action];
      if (spec?.input) {
        const problems = validateShape(model, spec.input.shape, input);
        const messages = [...problems.serialization, ...problems.constraints];
        if (messages.length) throw new ServiceFault('ValidationError', formatConstraintMessage(messages));
      }
      return { headers: { 'content-type': 'text/xml' }, body: services.query.answer(service, action, params) };
    },
    (fault) => ({
      headers: { 'content-type': 'text/xml' },
      // The Query protocol's throttling code is `Throttling`.
      body: queryErrorXml(fault.code === 'ThrottlingException' ? new ServiceFault('Throttling', fault.message, fault.status) : fault),
    }),
  );
}

/**
 * AWS JSON's answer to an operation the service does not have: 400 with `__type`
 * `UnknownOperationException` (as CloudWatch Logs and other JSON 1.1 services send it), which
 * the AWS SDK throws as an error named `UnknownOperationException`. AWS sends no message; this
 * one says what the emulator does have, since the operation is real on AWS but not emulated here.
 */
function unknownOperation(service: 'sagemaker' | 'logs', target: string): ServiceFault {
  return new ServiceFault(
    'UnknownOperationException',
    `clarify-ts/testing does not emulate ${target}. The emulated ${service} operations are: ${EMULATED_OPERATIONS[service].join(', ')}.`,
  );
}

function notFound(res: ServerResponse, message: string): void {
  res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' });
  res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `clarify-ts/testing: ${message}` }));
}
