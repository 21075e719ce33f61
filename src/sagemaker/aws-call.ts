/**
 * Turns the AWS SDK's service exceptions into {@link AwsServiceError}: the
 * operation, the request id, the status and a hint, with the original in `cause`.
 * Retrying is the AWS SDK's job (its retry strategy is configured on the client);
 * this runs after it gave up.
 */
import { AbortError, AwsServiceError, ClarifyError } from '../errors.js';

/** The fields of an AWS SDK v3 service exception that are read here. */
interface ServiceExceptionLike {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

const HINTS: Record<string, string> = {
  AccessDenied: 'check that the identity (or the role passed as `role`) is allowed this action and, for S3, owns the bucket',
  AccessDeniedException: 'check the IAM policy of the calling identity',
  ExpiredToken: 'refresh your AWS credentials',
  ExpiredTokenException: 'refresh your AWS credentials',
  ThrottlingException: "the service throttled the call after the AWS SDK's retries; raise `maxAttempts` or slow down",
  ResourceLimitExceeded: 'request a service-quota increase or use another instance type',
  ResourceInUse: 'the name is taken: pass another job name or let one be generated',
  ResourceNotFound: 'check the name and the region',
  NoSuchBucket: 'create the bucket first or check its name and region',
  NoSuchKey: 'check the object key',
  NoSuchEntity: 'check the IAM role name',
};

/**
 * Runs one AWS call; a failure becomes an {@link AwsServiceError} for `operation`
 * (`<service>:<Operation>`). An abort becomes an {@link AbortError}.
 */
export async function awsCall<T>(operation: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toClarifyError(operation, error, signal);
  }
}

/** The error {@link awsCall} throws for `error`. */
export function toClarifyError(operation: string, error: unknown, signal?: AbortSignal): Error {
  if (error instanceof ClarifyError) return error;
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
    return new AbortError(`${operation} was aborted`, { cause: signal?.reason ?? error });
  }
  if (!(error instanceof Error)) return new AwsServiceError(`${operation} failed: ${String(error)}`, { operation, code: 'Unknown', cause: error });
  const service = error as ServiceExceptionLike;
  const code = service.Code ?? service.name ?? 'Unknown';
  const meta = service.$metadata ?? {};
  const status = meta.httpStatusCode;
  const hint = HINTS[code] ?? (status !== undefined && status >= 500 ? 'the service failed after the AWS SDK retried; try again later' : undefined);
  const message =
    `${operation} failed: ${code}: ${error.message || '(no message)'}` +
    (meta.requestId ? ` (request id ${meta.requestId})` : '') +
    (hint ? `. Hint: ${hint}` : '');
  return new AwsServiceError(message, {
    operation,
    code,
    ...(status !== undefined ? { httpStatusCode: status } : {}),
    ...(meta.requestId !== undefined ? { requestId: meta.requestId } : {}),
    ...(meta.attempts !== undefined ? { attempts: meta.attempts } : {}),
    ...(hint !== undefined ? { hint } : {}),
    cause: error,
  });
}

/** Whether `error` is (or wraps) the AWS error `code`, or an HTTP `status`. */
export function isAwsError(error: unknown, code: string | readonly string[], status?: number): boolean {
  const codes = typeof code === 'string' ? [code] : code;
  const inner = error instanceof AwsServiceError ? error.cause : error;
  const service = (inner ?? {}) as ServiceExceptionLike;
  if (service.name !== undefined && codes.includes(service.name)) return true;
  if (service.Code !== undefined && codes.includes(service.Code)) return true;
  return status !== undefined && service.$metadata?.httpStatusCode === status;
}

/**
 * The AWS SDK's per-call options for `signal`: `{ abortSignal }`, or nothing when
 * there is no signal (the SDK's option types take no explicit `undefined`).
 */
export function sendOptions(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal === undefined ? {} : { abortSignal: signal };
}
