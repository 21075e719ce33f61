/**
 * Retries with jittered exponential backoff, independent of any transport:
 * the caller runs one attempt and says whether its failure is worth another.
 * Used by the HTTP endpoint models; meant for any request/response model.
 *
 * @packageDocumentation
 */
import { AbortError, ValidationError, throwIfAborted } from '../errors.js';

/**
 * Retry settings of a model that calls a remote endpoint.
 *
 * The defaults follow the AWS SDK's standard retry mode (full-jitter backoff from
 * 100 ms, capped at 20 s) but allow one more attempt: at ~500 model calls per
 * image, a 1% rate of transient failures fails an image with probability about
 * 500 × 0.01³ = 5 × 10⁻⁴ after 2 retries, and 5 × 10⁻⁶ after 3.
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt (so `maxRetries + 1` attempts at most); 0
   * turns retrying off.
   * @default 3
   */
  readonly maxRetries?: number;
  /**
   * Backoff before retry r (1-based) is drawn uniformly from
   * `[0, min(retryMaxDelayMs, retryBaseDelayMs × 2^(r−1))]` ("full jitter"), so
   * that many clients failing together do not retry together.
   * @default 100
   */
  readonly retryBaseDelayMs?: number;
  /**
   * Longest wait before one retry, in ms; it also caps a server's `Retry-After`.
   * @default 20000
   */
  readonly retryMaxDelayMs?: number;
}

/** {@link RetryOptions} checked and filled in. @internal */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Default of {@link RetryOptions.maxRetries}. @internal */
export const DEFAULT_MAX_RETRIES = 3;
/** Default of {@link RetryOptions.retryBaseDelayMs}. @internal */
export const DEFAULT_RETRY_BASE_DELAY_MS = 100;
/** Default of {@link RetryOptions.retryMaxDelayMs}. @internal */
export const DEFAULT_RETRY_MAX_DELAY_MS = 20_000;

/** setTimeout fires at once for longer delays, so no wait may exceed it. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Validates retry options up front, naming the offending option.
 * @throws {@link ValidationError} for a negative, fractional or non-numeric value.
 * @internal
 */
export function resolveRetryPolicy(options: RetryOptions): RetryPolicy {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) throw new ValidationError('maxRetries', maxRetries, 'an integer >= 0');
  const baseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
  if (typeof baseDelayMs !== 'number' || !Number.isFinite(baseDelayMs) || baseDelayMs < 0 || baseDelayMs > MAX_TIMER_MS) {
    throw new ValidationError('retryBaseDelayMs', baseDelayMs, `a number of ms in 0..${MAX_TIMER_MS}`);
  }
  const maxDelayMs = options.retryMaxDelayMs ?? Math.max(DEFAULT_RETRY_MAX_DELAY_MS, baseDelayMs);
  if (typeof maxDelayMs !== 'number' || !Number.isFinite(maxDelayMs) || maxDelayMs < baseDelayMs || maxDelayMs > MAX_TIMER_MS) {
    throw new ValidationError('retryMaxDelayMs', maxDelayMs, `a number of ms in retryBaseDelayMs (${baseDelayMs})..${MAX_TIMER_MS}`);
  }
  return { maxRetries, baseDelayMs, maxDelayMs };
}

/**
 * The wait before retry `retry` (1-based): full jitter over an exponentially
 * growing window, capped at `maxDelayMs`.
 * @internal
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return random() * window;
}

/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3): a number of seconds or an
 * HTTP date. Returns the wait in ms (0 for a date in the past), or `undefined`
 * when the header is absent or unreadable, so that the caller's backoff applies.
 * @internal
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only an IMF-fixdate-like string is taken as a date: Date.parse would accept "1.5" or "soon-ish 3".
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Waits `ms`, or rejects with {@link AbortError} as soon as `signal` fires. @internal */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError('The operation was aborted', { cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError('The operation was aborted', { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.min(ms, MAX_TIMER_MS));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What one attempt produced: a value, or a failure and whether to try again. @internal */
export type AttemptOutcome<T, F> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly failure: F;
      /** Whether another attempt may succeed (throttling, a transient server or network error). */
      readonly retryable: boolean;
      /** The server's `Retry-After`, in ms, when it sent one. */
      readonly retryAfterMs?: number;
    };

/** Passed to {@link RetryRun.onRetry} before each wait. @internal */
export interface RetryEvent<F> {
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  /** Why it failed. */
  readonly failure: F;
  /** How long the loop waits before the next attempt, in ms. */
  readonly delayMs: number;
}

/** How {@link withRetries} runs. @internal */
export interface RetryRun<F> {
  readonly policy: RetryPolicy;
  /** Aborts an attempt's wait at once. Attempts themselves should watch it too. */
  readonly signal?: AbortSignal;
  /** Called before each wait, e.g. to log; what it throws ends the loop. */
  readonly onRetry?: (event: RetryEvent<F>) => void;
  /** Source of jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** The end of {@link withRetries}: the value, or the last failure; with the attempts made. @internal */
export type RetryResult<T, F> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly failure: F; readonly retryable: boolean; readonly attempts: number };

/**
 * Runs `attempt` until it succeeds, fails in a way that is not retryable, or
 * `policy.maxRetries` retries are spent. Between attempts it waits the larger of
 * the jittered backoff and the server's `Retry-After`, capped at
 * `policy.maxDelayMs`.
 *
 * Failures come back as a result rather than an exception so that the caller
 * builds its own error with the attempt count; an exception thrown by
 * `attempt` is not retried and propagates as is.
 *
 * @throws {@link AbortError} when `signal` fires, including during a wait.
 * @internal
 * @example
 * ```ts
 * const result = await withRetries(async () => {
 *   const response = await fetch(url);
 *   return response.ok
 *     ? { ok: true, value: await response.text() }
 *     : { ok: false, failure: response.status, retryable: response.status >= 500 };
 * }, { policy: resolveRetryPolicy({ maxRetries: 2 }) });
 * if (!result.ok) throw new Error(`HTTP ${result.failure} after ${result.attempts} attempts`);
 * ```
 */
export async function withRetries<T, F>(
  attempt: (attempt: number) => Promise<AttemptOutcome<T, F>>,
  run: RetryRun<F>,
): Promise<RetryResult<T, F>> {
  const { policy, signal } = run;
  for (let n = 1; ; n++) {
    throwIfAborted(signal);
    const outcome = await attempt(n);
    if (outcome.ok) return { ok: true, value: outcome.value, attempts: n };
    if (!outcome.retryable || n > policy.maxRetries) {
      return { ok: false, failure: outcome.failure, retryable: outcome.retryable, attempts: n };
    }
    const backoff = backoffDelayMs(n, policy, run.random);
    const delayMs = outcome.retryAfterMs === undefined ? backoff : Math.max(backoff, Math.min(outcome.retryAfterMs, policy.maxDelayMs));
    run.onRetry?.({ attempt: n, failure: outcome.failure, delayMs });
    await sleep(delayMs, signal);
  }
}
