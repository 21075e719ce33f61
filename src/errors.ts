/**
 * The error hierarchy shared by every layer of clarify-ts.
 *
 * This file is the one leaf that every folder (including the browser-safe
 * `explain/`) may import: it has no imports of its own and uses no Node APIs.
 *
 * @packageDocumentation
 */

/**
 * Root of every error clarify-ts throws on purpose. Catch this to handle
 * "anything clarify-ts rejected" in one place; check `instanceof` a subclass
 * (or `name`) for a specific kind.
 *
 * @example
 * ```ts
 * try {
 *   slic(image, { nSegments: 0 });
 * } catch (err) {
 *   if (err instanceof ValidationError) console.error(err.field, err.allowed);
 *   else if (err instanceof ClarifyError) console.error(err.message);
 *   else throw err;
 * }
 * ```
 */
export class ClarifyError extends Error {
  /**
   * The class's `name`, spelled out so that it survives minification (a minifier renames
   * classes: `new.target.name` would give `'r'` in a bundle). A subclass declared
   * elsewhere without its own `errorName` is named after its constructor, as before.
   * @internal
   */
  static readonly errorName: string = 'ClarifyError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = Object.prototype.hasOwnProperty.call(new.target, 'errorName') ? (new.target as typeof ClarifyError).errorName : new.target.name;
  }
}

/**
 * Input that clarify-ts refuses before doing any work: it names the field, the
 * value it got and what is allowed.
 */
export class ValidationError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'ValidationError';

  /** Dotted path of the offending option or field, e.g. `nSegments` or `image.data`. */
  readonly field: string;
  /** The value that was rejected (as given; may be large, e.g. an array). */
  readonly value: unknown;
  /** Human-readable description of the allowed values, e.g. `an integer >= 1`. */
  readonly allowed: string;

  constructor(field: string, value: unknown, allowed: string, detail?: string) {
    super(
      `Invalid ${field}: got ${describeValue(value)}; allowed: ${allowed}` +
        (detail ? ` (${detail})` : ''),
    );
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }
}

/**
 * A model (function, ONNX session, endpoint) failed or returned something
 * unusable: an error, the wrong number of outputs, vectors of inconsistent
 * length, NaN or infinity. For an endpoint, `endpoint`, `status` and `attempts`
 * say which one failed, how, and after how many tries.
 */
export class ModelError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'ModelError';

  /** Zero-based index of the model call (batch) that failed, when known. */
  readonly call?: number;
  /** Zero-based index of the input (coalition, image) within all inputs, when known. */
  readonly index?: number;
  /** The endpoint's URL (credentials and query left out) or SageMaker endpoint name, for endpoint models. */
  readonly endpoint?: string;
  /** The HTTP status of the last attempt, when an answer arrived. */
  readonly status?: number;
  /** How many requests were sent for the failed call, retries included, when known. */
  readonly attempts?: number;

  constructor(
    message: string,
    details: { call?: number; index?: number; endpoint?: string; status?: number; attempts?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.call !== undefined) this.call = details.call;
    if (details.index !== undefined) this.index = details.index;
    if (details.endpoint !== undefined) this.endpoint = details.endpoint;
    if (details.status !== undefined) this.status = details.status;
    if (details.attempts !== undefined) this.attempts = details.attempts;
  }
}

/**
 * Work stopped because its `AbortSignal` fired. No partial result is returned.
 * `cause` holds the signal's `reason`.
 */
export class AbortError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'AbortError';

  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Throws {@link AbortError} when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError('The operation was aborted', { cause: signal.reason });
}

/**
 * Renders a value for an error message: short, unambiguous, never huge.
 * @internal
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (ArrayBuffer.isView(value)) {
    const ctor = (value as { constructor: { name: string } }).constructor.name;
    const length = (value as unknown as { length?: number }).length ?? value.byteLength;
    return `${ctor}(${length})`;
  }
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? json.slice(0, 77) + '...' : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * The local AWS emulator (`clarify-ts/testing`) cannot start because something it
 * needs is missing or broken: the `s3rver` package (an optional dependency, left out
 * by `npm install --omit=optional`), or an API-model folder named by `botocoreDataPath`
 * or `CLARIFY_TS_BOTOCORE_DATA`. The message says what to do.
 */
export class LocalAwsSetupError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'LocalAwsSetupError';
}

/**
 * A model backend cannot start because an optional package it needs is not
 * installed (e.g. `onnxruntime-node` for the ONNX backend). The message says how
 * to install it.
 */
export class ModelBackendSetupError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'ModelBackendSetupError';
}

/**
 * An AWS call failed after the AWS SDK's own retries: it wraps the service
 * exception (in `cause`) with the operation, the request id to quote to AWS
 * Support, and a hint about the usual fix.
 */
export class AwsServiceError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'AwsServiceError';

  /** The operation as `<service>:<Operation>`, e.g. `sagemaker:CreateProcessingJob`. */
  readonly operation: string;
  /** The service's error code, e.g. `ValidationException`, `AccessDenied`, `ThrottlingException`. */
  readonly code: string;
  /** The HTTP status of the last attempt, when an answer arrived. */
  readonly httpStatusCode?: number;
  /** The AWS request id of the last attempt, when an answer arrived. */
  readonly requestId?: string;
  /** How many attempts the AWS SDK made (its retry strategy decides). */
  readonly attempts?: number;
  /** What usually fixes this error, when known. */
  readonly hint?: string;

  constructor(
    message: string,
    details: { operation: string; code: string; httpStatusCode?: number; requestId?: string; attempts?: number; hint?: string; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = details.operation;
    this.code = details.code;
    if (details.httpStatusCode !== undefined) this.httpStatusCode = details.httpStatusCode;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.attempts !== undefined) this.attempts = details.attempts;
    if (details.hint !== undefined) this.hint = details.hint;
  }
}

/**
 * A SageMaker job or endpoint ended in a status other than the ones the caller
 * waited for (Python `UnexpectedStatusException`), e.g. a processing job that
 * `Failed`; `failureReason` holds the service's explanation.
 */
export class UnexpectedStatusError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'UnexpectedStatusError';

  /** The job or endpoint name. */
  readonly resourceName: string;
  /** What it is, e.g. `Processing job`, `Training job`, `Endpoint`. */
  readonly resourceType: string;
  /** The status it ended in. */
  readonly status: string;
  /** The service's `FailureReason`, when it gave one. */
  readonly failureReason?: string;
  /** The statuses that would have counted as success. */
  readonly allowedStatuses: readonly string[];

  constructor(details: { resourceName: string; resourceType: string; status: string; failureReason?: string; allowedStatuses: readonly string[] }) {
    super(
      `Error for ${details.resourceType} ${details.resourceName}: ${details.status}.` +
        (details.failureReason ? ` Reason: ${details.failureReason}.` : '') +
        ` Allowed statuses: ${details.allowedStatuses.join(', ')}.`,
    );
    this.resourceName = details.resourceName;
    this.resourceType = details.resourceType;
    this.status = details.status;
    if (details.failureReason !== undefined) this.failureReason = details.failureReason;
    this.allowedStatuses = [...details.allowedStatuses];
  }
}

/**
 * A job failed because SageMaker had no capacity for the requested instances
 * (its `FailureReason` mentions `CapacityError`); retrying later or with another
 * instance type usually helps.
 */
export class CapacityError extends UnexpectedStatusError {
  /** @internal */
  static override readonly errorName: string = 'CapacityError';
}

/**
 * Waiting for a SageMaker job or endpoint took longer than its `maxWaitTime`.
 * The job itself goes on; stop it yourself if you no longer want it.
 */
export class WaiterTimeoutError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'WaiterTimeoutError';
}

/**
 * An input image could not be decoded (not a JPEG/PNG, truncated, unsupported
 * format). The engine records such an image as failed in `analysis.json` and goes on.
 */
export class ImageDecodeError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'ImageDecodeError';
}

/**
 * An input image is larger than the engine explains: more pixels than the run
 * allows (`maxPixels`), or a side longer than JPEG result images can hold
 * (65535), read from its header before it is decoded. The engine records the
 * image as failed and goes on.
 */
export class ImageTooLargeError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'ImageTooLargeError';

  /** The image's width, from its header. */
  readonly width: number;
  /** The image's height, from its header. */
  readonly height: number;
  /** The pixel limit of the run. */
  readonly maxPixels: number;

  constructor(message: string, details: { width: number; height: number; maxPixels: number }) {
    super(message);
    this.width = details.width;
    this.height = details.height;
    this.maxPixels = details.maxPixels;
  }
}

/**
 * Another run is writing to the same output location: its lock file is there.
 * The message names the lock file and the run that holds it (process, host, start time).
 */
export class OutputLockedError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'OutputLockedError';

  /** The lock file: a local path or `s3://` URI. */
  readonly lockFile: string;
  /** What the lock file says about its holder, as written by that run. */
  readonly holder: string;

  constructor(lockFile: string, holder: string, hint: string) {
    super(`Another run is writing to this output: ${lockFile} is held by ${holder}. ${hint}`);
    this.lockFile = lockFile;
    this.holder = holder;
  }
}

/**
 * The data (not the config's shape) makes the bias analysis impossible, where smclarify
 * fails the whole run: every prediction negative, a predicted-label column whose kind
 * (categorical or continuous) differs from the label's, a continuous facet without a
 * threshold, a configured value that converts to nothing, a dataset with no rows.
 * A metric that cannot be computed for one facet is not this error: it becomes an
 * error entry of that metric in the report.
 *
 * The message is smclarify's where it has one.
 */
export class BiasDataError extends ClarifyError {
  /** @internal */
  static override readonly errorName: string = 'BiasDataError';
}
