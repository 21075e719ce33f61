/** State and settings every service handler of the emulator shares. */
import type { ProcessingJobHook, TrainingJobHook } from './hooks.js';
import type { LocalS3 } from './local-s3.js';
import type { LogStore } from './log-store.js';
import type { Scheduler } from './scheduler.js';
import type { ServiceModel } from './service-model.js';

export interface EmulatorContext {
  readonly region: string;
  readonly accountId: string;
  readonly jobDurationMs: number;
  readonly endpointDelayMs: number;
  readonly s3: LocalS3;
  readonly logs: LogStore;
  readonly scheduler: Scheduler;
  readonly sagemakerModel: ServiceModel;
  readonly onProcessingJob?: ProcessingJobHook;
  readonly onTrainingJob?: TrainingJobHook;
  /** `job:<name>` / `endpoint:<name>` → FailureReason, set by `failJob`/`failEndpoint` before or while it runs. */
  readonly pendingFailures: Map<string, string>;
  /** Errors of background work that are bugs in a hook or the emulator, surfaced by `stop()`. */
  readonly backgroundErrors: unknown[];
}

/** `arn:aws:sagemaker:<region>:<account>:<kind>/<name>`; the service lower-cases names in ARNs. */
export function sagemakerArn(ctx: EmulatorContext, kind: string, name: string): string {
  return `arn:aws:sagemaker:${ctx.region}:${ctx.accountId}:${kind}/${name.toLowerCase()}`;
}
