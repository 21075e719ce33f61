/**
 * Errors across the worker boundary: a thrown error becomes a plain, cloneable object in
 * the worker and the library's error class again in the page, so `instanceof
 * ValidationError` (and `field`, `allowed`, …) work on either side.
 *
 * @packageDocumentation
 */
import { AbortError, ClarifyError, ModelBackendSetupError, ModelError, ValidationError, describeValue } from '../../errors.js';

/** An error as it crosses the worker boundary. */
export interface SerializedError {
  /** The class name: `ValidationError`, `ModelError`, `AbortError`, `TypeError`, … */
  readonly name: string;
  /** The error's message, as it was. */
  readonly message: string;
  /** The worker-side stack, when there was one. */
  readonly stack?: string;
  /** A {@link ValidationError}'s `field`. */
  readonly field?: string;
  /** A {@link ValidationError}'s `value`: itself when it can be cloned, else its description. */
  readonly value?: unknown;
  /** A {@link ValidationError}'s `allowed`. */
  readonly allowed?: string;
  /** A {@link ModelError}'s `call`. */
  readonly call?: number;
  /** A {@link ModelError}'s `index`. */
  readonly index?: number;
  /** A {@link ModelError}'s `endpoint`. */
  readonly endpoint?: string;
  /** A {@link ModelError}'s `status`. */
  readonly status?: number;
  /** A {@link ModelError}'s `attempts`. */
  readonly attempts?: number;
}

/** The value itself when it survives structured cloning, else its description. */
function cloneable(value: unknown): unknown {
  try {
    structuredClone(value);
    return value;
  } catch {
    return describeValue(value);
  }
}

/**
 * Turns anything thrown into a {@link SerializedError}.
 *
 * @example
 * ```ts
 * port.postMessage({ failed: serializeError(new ValidationError('seed', -1, 'an integer >= 0')) }, []);
 * ```
 */
export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: typeof err === 'string' ? err : describeValue(err) };
  const base = { name: err.name, message: err.message, ...(err.stack !== undefined ? { stack: err.stack } : {}) };
  if (err instanceof ValidationError) return { ...base, field: err.field, value: cloneable(err.value), allowed: err.allowed };
  if (err instanceof ModelError) {
    const { call, index, endpoint, status, attempts } = err;
    return {
      ...base,
      ...(call !== undefined ? { call } : {}),
      ...(index !== undefined ? { index } : {}),
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(attempts !== undefined ? { attempts } : {}),
    };
  }
  return base;
}

/**
 * Re-creates a {@link SerializedError} as the library's class of its name
 * ({@link ValidationError}, {@link ModelError}, {@link AbortError},
 * `ModelBackendSetupError`, {@link ClarifyError}), with the same message; any other
 * name becomes an `Error` of that name. The worker's stack is kept in `cause` (`{ workerStack }`).
 *
 * @example
 * ```ts
 * const err = deserializeError({ name: 'AbortError', message: 'The operation was aborted' });
 * err instanceof AbortError; // true
 * ```
 */
export function deserializeError(s: SerializedError): Error {
  let err: Error;
  switch (s.name) {
    case 'ValidationError':
      err = new ValidationError(s.field ?? 'unknown', s.value, s.allowed ?? 'unknown');
      break;
    case 'ModelError':
      err = new ModelError(s.message, {
        ...(s.call !== undefined ? { call: s.call } : {}),
        ...(s.index !== undefined ? { index: s.index } : {}),
        ...(s.endpoint !== undefined ? { endpoint: s.endpoint } : {}),
        ...(s.status !== undefined ? { status: s.status } : {}),
        ...(s.attempts !== undefined ? { attempts: s.attempts } : {}),
      });
      break;
    case 'AbortError':
      err = new AbortError(s.message);
      break;
    case 'ModelBackendSetupError':
      err = new ModelBackendSetupError(s.message);
      break;
    case 'ClarifyError':
      err = new ClarifyError(s.message);
      break;
    default:
      err = new Error(s.message);
      err.name = s.name;
  }
  err.message = s.message;
  if (s.stack !== undefined) Object.defineProperty(err, 'cause', { value: { workerStack: s.stack }, writable: true, configurable: true });
  return err;
}
