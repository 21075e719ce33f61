/**
 * Waiting for training and processing jobs (Python `wait_for_job`,
 * `logs_for_job`, `logs_for_processing_job`): poll with backoff, optionally
 * tail the job's logs, then check the final status.
 */
import type { DescribeProcessingJobCommandOutput, DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { CapacityError, UnexpectedStatusError, WaiterTimeoutError, throwIfAborted } from '../errors.js';
import { type JobKind, PROCESSING_JOB, TRAINING_JOB } from './job-kind.js';
import { LogTailer, printJobLog, type JobLogHandler } from './log-tailer.js';
import type { Session } from './session.js';
import { resolveWait, sleep, type WaitOptions } from './wait-options.js';

/** Options of a job wait. */
export interface JobWaitOptions extends WaitOptions {
  /**
   * Tail the job's CloudWatch logs while waiting.
   * @default false
   */
  readonly logs?: boolean;
  /** Receives log lines when `logs` is on. @default print each line to standard output */
  readonly onLog?: JobLogHandler;
}

const IN_PROGRESS = new Set(['InProgress', 'Stopping', 'Starting', 'Created']);
const ALLOWED_FINAL = ['Completed', 'Stopped'] as const;

/** `COMPLETED` → `Completed`, `IN_PROGRESS` → `InProgress`, as the Python SDK normalises. */
function normaliseStatus(status: string | undefined): string {
  if (!status) return 'Unknown';
  if (!/^[A-Z_]+$/.test(status)) return status;
  return status.toLowerCase().split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** Waits for a job of `kind` to end; {@link waitForProcessingJob} and {@link waitForTrainingJob} name the kind. */
export async function waitForJob<T>(kind: JobKind<T>, session: Session, name: string, options: JobWaitOptions): Promise<T> {
  const wait = resolveWait(options);
  const { signal } = wait;
  const started = Date.now();
  let delay = wait.minDelayMs;
  let tailer: LogTailer | undefined;
  for (;;) {
    throwIfAborted(signal);
    if (Date.now() - started + delay > wait.maxWaitMs) {
      throw new WaiterTimeoutError(`${kind.resourceType} ${name} was still running after ${wait.maxWaitMs / 1000} s (maxWaitTime)`);
    }
    await sleep(delay, signal);
    delay = Math.min(wait.maxDelayMs, delay * 1.5);
    const description = await kind.describe(session, name, signal);
    if (options.logs) {
      tailer ??= new LogTailer(session.cloudWatchLogsClient, kind.logGroup, name, kind.instanceCount(description), options.onLog ?? printJobLog);
      await tailer.poll(signal);
    }
    const status = normaliseStatus(kind.status(description));
    if (IN_PROGRESS.has(status)) continue;
    // Lines written just before the status changed can arrive a moment later: read once more.
    if (tailer) await tailer.poll(signal);
    checkFinalStatus(kind.resourceType, name, status, kind.failureReason(description));
    return description;
  }
}

/**
 * Throws unless `status` is one of `allowedStatuses` (Python `_check_job_status`):
 * {@link CapacityError} when the reason names a capacity shortage, else
 * {@link UnexpectedStatusError}.
 */
export function checkFinalStatus(
  resourceType: string,
  name: string,
  status: string,
  failureReason: string | undefined,
  allowedStatuses: readonly string[] = ALLOWED_FINAL,
): void {
  if (allowedStatuses.includes(status)) return;
  const details = {
    resourceName: name,
    resourceType,
    status,
    ...(failureReason !== undefined ? { failureReason } : {}),
    allowedStatuses,
  };
  throw failureReason?.includes('CapacityError') ? new CapacityError(details) : new UnexpectedStatusError(details);
}

/**
 * Waits for a processing job to end, tailing its logs when `logs` is on.
 * @returns its final DescribeProcessingJob answer.
 * @throws {@link UnexpectedStatusError} (with the `FailureReason`) or {@link CapacityError} when it failed;
 * {@link WaiterTimeoutError} after `maxWaitTime`; {@link AbortError} when `signal` fires.
 */
export function waitForProcessingJob(session: Session, jobName: string, options: JobWaitOptions = {}): Promise<DescribeProcessingJobCommandOutput> {
  return waitForJob(PROCESSING_JOB, session, jobName, options);
}

/**
 * Waits for a training job to end, tailing its logs when `logs` is on.
 * @returns its final DescribeTrainingJob answer.
 * @throws as {@link waitForProcessingJob}.
 */
export function waitForTrainingJob(session: Session, jobName: string, options: JobWaitOptions = {}): Promise<DescribeTrainingJobCommandOutput> {
  return waitForJob(TRAINING_JOB, session, jobName, options);
}
