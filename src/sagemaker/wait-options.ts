/** How long and how often to poll SageMaker while waiting, and sleeping that can be aborted. */
import { AbortError, ValidationError } from '../errors.js';

/**
 * Polling options of every wait (named as aws-sdk-js-v3 waiters name them; all in seconds).
 * Polls start `minDelay` apart and back off by half each time up to `maxDelay`.
 */
export interface WaitOptions {
  /** Stops waiting (the job or endpoint itself goes on). @default none */
  readonly signal?: AbortSignal;
  /** Gives up with a `WaiterTimeoutError` after this many seconds. @default no limit */
  readonly maxWaitTime?: number;
  /** Seconds before the first poll and between the first polls. @default 5 */
  readonly minDelay?: number;
  /** The longest pause between polls, in seconds. @default 30 */
  readonly maxDelay?: number;
}

/** {@link WaitOptions} checked, in milliseconds. */
export interface ResolvedWait {
  readonly signal: AbortSignal | undefined;
  readonly maxWaitMs: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

/** Checks wait options before anything starts. */
export function resolveWait(options: WaitOptions = {}): ResolvedWait {
  const seconds = (field: keyof WaitOptions, value: unknown, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !(value > 0)) throw new ValidationError(field, value, 'a number of seconds > 0');
    return value;
  };
  const minDelay = seconds('minDelay', options.minDelay, 5);
  const maxDelay = seconds('maxDelay', options.maxDelay, Math.max(30, minDelay));
  if (maxDelay < minDelay) throw new ValidationError('maxDelay', maxDelay, `a number of seconds >= minDelay (${minDelay})`);
  const maxWaitTime = seconds('maxWaitTime', options.maxWaitTime, Infinity);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ValidationError('signal', options.signal, 'an AbortSignal');
  }
  return { signal: options.signal, maxWaitMs: maxWaitTime * 1000, minDelayMs: minDelay * 1000, maxDelayMs: maxDelay * 1000 };
}

/** Resolves after `ms`, or rejects with {@link AbortError} as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError('Waiting was aborted', { cause: signal.reason }));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError('Waiting was aborted', { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
