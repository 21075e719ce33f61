/**
 * The emulator's services wired together: the state they share, the job and
 * hosting registries, and the router that dispatches each request to its service.
 */
import type { EmulatorContext } from './emulator-context.js';
import { FaultInjector } from './faults.js';
import { createRouter, type MutableRecordedRequest } from './http-router.js';
import type { ResolvedOptions } from './local-aws-options.js';
import type { RunningS3 } from './local-s3.js';
import { LogStore } from './log-store.js';
import { logsHandlers } from './logs-service.js';
import { answerQuery } from './query-services.js';
import { invokeEndpoint, type EndpointHandler } from './runtime-service.js';
import { HostingRegistry } from './sagemaker-hosting.js';
import { JobRegistry } from './sagemaker-jobs.js';
import { sagemakerHandlers } from './sagemaker-service.js';
import { Scheduler } from './scheduler.js';
import { type ServiceModel, loadServiceModel } from './service-model.js';

/** The API models of the services on the emulator's HTTP server. */
export interface EmulatedServiceModels {
  readonly sagemaker: ServiceModel;
  readonly logs: ServiceModel;
  readonly sts: ServiceModel;
  readonly iam: ServiceModel;
}

/** Answers one HTTP request, given its whole body. */
export type RequestRoute = ReturnType<typeof createRouter>;

/** The wired services, and the handles `LocalAws` controls them by. */
export interface EmulatedServices {
  /** The state every service handler shares. */
  readonly ctx: EmulatorContext;
  readonly jobs: JobRegistry;
  /** InvokeEndpoint handlers by endpoint name. */
  readonly endpointHandlers: Map<string, EndpointHandler>;
  readonly faults: FaultInjector;
  /** Every request received, oldest first. */
  readonly requests: MutableRecordedRequest[];
  readonly route: RequestRoute;
}

/**
 * Loads the service models: the ones clarify-ts ships, or a botocore `data` folder's
 * when `botocoreDataPath` or `CLARIFY_TS_BOTOCORE_DATA` names one.
 *
 * @throws {@link LocalAwsSetupError} when a named folder is missing or lacks a model.
 */
export function loadServiceModels(botocoreDataPath: string | undefined): EmulatedServiceModels {
  return {
    sagemaker: loadServiceModel('sagemaker', botocoreDataPath),
    logs: loadServiceModel('logs', botocoreDataPath),
    sts: loadServiceModel('sts', botocoreDataPath),
    iam: loadServiceModel('iam', botocoreDataPath),
  };
}

/** Creates the services' shared state and registries, and routes requests to them. */
export function wireServices(settings: ResolvedOptions, models: EmulatedServiceModels, s3: RunningS3): EmulatedServices {
  const { region, accountId } = settings;
  const scheduler = new Scheduler();
  const logs = new LogStore();
  const ctx: EmulatorContext = {
    region,
    accountId,
    jobDurationMs: settings.jobDurationMs,
    endpointDelayMs: settings.endpointDelayMs,
    s3,
    logs,
    scheduler,
    sagemakerModel: models.sagemaker,
    ...(settings.onProcessingJob ? { onProcessingJob: settings.onProcessingJob } : {}),
    ...(settings.onTrainingJob ? { onTrainingJob: settings.onTrainingJob } : {}),
    pendingFailures: new Map(),
    backgroundErrors: [],
  };
  const jobs = new JobRegistry(ctx);
  const hosting = new HostingRegistry(ctx);
  const endpointHandlers = new Map<string, EndpointHandler>();
  const faults = new FaultInjector();
  const requests: MutableRecordedRequest[] = [];
  const identity = { accountId, roles: settings.roles };

  const route = createRouter({
    json: {
      [models.sagemaker.metadata.targetPrefix!]: { service: 'sagemaker', model: models.sagemaker, handlers: sagemakerHandlers(ctx, jobs, hosting) },
      [models.logs.metadata.targetPrefix!]: { service: 'logs', model: models.logs, handlers: logsHandlers(logs, region, accountId) },
    },
    query: { models: { sts: models.sts, iam: models.iam }, answer: (service, action, params) => answerQuery(service, action, params, identity) },
    invoke: (request) => invokeEndpoint(hosting, endpointHandlers, logs, { region, accountId }, request),
    faults,
    scheduler,
    requests,
  });
  return { ctx, jobs, endpointHandlers, faults, requests, route };
}
