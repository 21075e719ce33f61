/**
 * Fault injection: make the next calls of an operation fail or slow down, so a
 * test can prove its retries and error paths against real SDK clients.
 */
import { ValidationError } from '../errors.js';
import type { OperationName } from './operations.js';
import { ServiceFault } from './service-fault.js';

/**
 * The injected error:
 * - `'throttling'`: 400 `ThrottlingException` ("Rate exceeded"), retried by the SDK's default strategy;
 * - `'internal'`: 500 `InternalFailure`;
 * - `'unavailable'`: 503 `ServiceUnavailable`.
 */
export type InjectedError = 'throttling' | 'internal' | 'unavailable';

/** Options of {@link FaultInjector.failNext}. */
export interface FailNextOptions {
  /**
   * How many of the next calls fail.
   * @default 1
   */
  times?: number;
  /**
   * Which error they fail with.
   * @default 'throttling'
   */
  error?: InjectedError;
}

/** Options of {@link FaultInjector.delayNext}. */
export interface DelayNextOptions {
  /** How long each response is held back, in milliseconds. */
  ms: number;
  /**
   * How many of the next calls are delayed.
   * @default 1
   */
  times?: number;
}

const FAULTS: Record<InjectedError, () => ServiceFault> = {
  throttling: () => new ServiceFault('ThrottlingException', 'Rate exceeded', 400),
  internal: () => new ServiceFault('InternalFailure', 'An internal error has occurred. Please try again.', 500),
  unavailable: () => new ServiceFault('ServiceUnavailable', 'Service is unavailable. Please try again.', 503),
};

const OPERATION = /^(sagemaker|sagemaker-runtime|logs|sts|iam):[A-Z][A-Za-z0-9]+$/;

/** Queues of pending faults and delays, consumed one per matching call. */
export class FaultInjector {
  readonly #errors = new Map<string, InjectedError[]>();
  readonly #delays = new Map<string, number[]>();

  /**
   * Makes the next `times` calls of `operation` fail with `error`.
   *
   * @example
   * ```ts
   * aws.faults.failNext('sagemaker:DescribeTrainingJob', { times: 2 }); // two throttles, then success
   * ```
   */
  failNext(operation: OperationName, options: FailNextOptions = {}): void {
    const times = checkOperation(operation, options.times ?? 1);
    const error = options.error ?? 'throttling';
    if (!(error in FAULTS)) throw new ValidationError('error', error, "'throttling', 'internal' or 'unavailable'");
    push(this.#errors, operation, Array<InjectedError>(times).fill(error));
  }

  /** Holds back the responses to the next `times` calls of `operation` by `ms` milliseconds. */
  delayNext(operation: OperationName, options: DelayNextOptions): void {
    const times = checkOperation(operation, options.times ?? 1);
    if (!Number.isFinite(options.ms) || options.ms < 0) {
      throw new ValidationError('ms', options.ms, 'a finite number of milliseconds >= 0');
    }
    push(this.#delays, operation, Array<number>(times).fill(options.ms));
  }

  /** Drops every pending fault and delay. */
  clear(): void {
    this.#errors.clear();
    this.#delays.clear();
  }

  /** @internal Consumes the next delay (ms, 0 if none) and fault (if any) for a call. */
  take(operation: string): { delayMs: number; fault?: ServiceFault } {
    const delayMs = this.#delays.get(operation)?.shift() ?? 0;
    const error = this.#errors.get(operation)?.shift();
    return error ? { delayMs, fault: FAULTS[error]() } : { delayMs };
  }
}

function checkOperation(operation: string, times: number): number {
  if (!OPERATION.test(operation)) {
    throw new ValidationError('operation', operation, "'<service>:<Operation>', service one of sagemaker, sagemaker-runtime, logs, sts, iam");
  }
  if (!Number.isInteger(times) || times < 1) throw new ValidationError('times', times, 'an integer >= 1');
  return times;
}

function push<T>(queues: Map<string, T[]>, operation: string, items: T[]): void {
  const queue = queues.get(operation) ?? [];
  queue.push(...items);
  queues.set(operation, queue);
}
