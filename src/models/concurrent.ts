/**
 * Runs numbered tasks a few at a time and stops them all at the first failure: the
 * pool behind every endpoint model (image or tabular), whose tasks are requests.
 *
 * @internal
 * @packageDocumentation
 */
import { setMaxListeners } from 'node:events';
import { throwIfAborted } from '../errors.js';

/**
 * Runs `task(0)` … `task(count − 1)`, at most `concurrency` at once, each started in
 * order as a slot frees up.
 *
 * Once one task has failed the whole run has failed: no further task starts, and the
 * `stop` signal every task was given fires (with the error as its reason), so requests
 * in flight and their retry waits end instead of going on against an endpoint that is
 * likely down. The first failure is what the returned promise rejects with.
 *
 * @param signal - the caller's; its abort is forwarded to `stop`, and the run ends
 *   with an `AbortError` when it fires.
 * @throws {@link AbortError} when `signal` fires.
 * @internal
 * @example
 * ```ts
 * await runConcurrently(chunks.length, 4, signal, async (k, stop) => {
 *   results[k] = await transport(bodies[k], stop);
 * });
 * ```
 */
export async function runConcurrently(
  count: number,
  concurrency: number,
  signal: AbortSignal | undefined,
  task: (index: number, stop: AbortSignal) => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  // Each request in flight listens to it; more than 10 would warn of a leak that is not one.
  setMaxListeners(concurrency + 10, stop.signal);
  const forwardAbort = () => stop.abort(signal?.reason);
  if (signal?.aborted) forwardAbort();
  else signal?.addEventListener('abort', forwardAbort, { once: true });
  let next = 0;
  const worker = async () => {
    try {
      while (next < count && !stop.signal.aborted) await task(next++, stop.signal);
    } catch (err) {
      stop.abort(err);
      throw err;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  } finally {
    signal?.removeEventListener('abort', forwardAbort);
  }
  // A worker may leave its loop because the caller aborted between two tasks.
  throwIfAborted(signal);
}
