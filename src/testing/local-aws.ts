/**
 * `startLocalAws`: SageMaker, SageMaker Runtime, CloudWatch Logs, STS and IAM on
 * one loopback HTTP server, plus S3 (s3rver), for tests that drive real
 * `@aws-sdk/*` clients without an AWS account.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '../errors.js';
import type { EmulatorContext } from './emulator-context.js';
import { FaultInjector } from './faults.js';
import { createRouter, type MutableRecordedRequest } from './http-router.js';
import { startS3 } from './local-s3.js';
import { resolveOptions, type LocalAwsOptions } from './local-aws-options.js';
import type { LocalAws, LocalClientConfig } from './local-aws-types.js';
import { LogStore } from './log-store.js';
import { logsHandlers } from './logs-service.js';
import { answerQuery } from './query-services.js';
import { invokeEndpoint, type EndpointHandler } from './runtime-service.js';
import { HostingRegistry } from './sagemaker-hosting.js';
import { JobRegistry } from './sagemaker-jobs.js';
import { sagemakerHandlers } from './sagemaker-service.js';
import { Scheduler } from './scheduler.js';
import { loadServiceModel } from './service-model.js';

/** s3rver only accepts its built-in access key; the other services do not check signatures. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/**
 * Starts the emulator on 127.0.0.1 (random ports).
 *
 * @throws {@link LocalAwsSetupError} when botocore's SageMaker model or s3rver is missing,
 *   or S3 listing cannot page (see {@link LocalAwsOptions.requireS3ListPagination}).
 * @throws {@link ValidationError} for invalid options.
 *
 * @example
 * ```ts
 * import { SageMakerClient, DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
 * import { startLocalAws } from 'clarify-ts/testing';
 *
 * const aws = await startLocalAws();
 * const sagemaker = new SageMakerClient(aws.sagemakerClientConfig());
 * // … create a training job, wait for it, read its model from S3 …
 * await aws.stop();
 * ```
 */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const settings = resolveOptions(options);
  const { region, accountId } = settings;
  const models = {
    sagemaker: loadServiceModel('sagemaker', settings.botocoreDataPath),
    logs: loadServiceModel('logs', settings.botocoreDataPath),
    sts: loadServiceModel('sts', settings.botocoreDataPath),
    iam: loadServiceModel('iam', settings.botocoreDataPath),
  };

  const s3 = await startS3(settings.buckets);
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
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      route(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        // A bug, not a service answer: fail the call loudly and make stop() report it.
        ctx.backgroundErrors.push(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ __type: 'InternalFailure', message: `clarify-ts/testing bug: ${String(error)}` }));
      });
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await s3.stop();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = (): LocalClientConfig => ({ endpoint, region, credentials: { ...CREDENTIALS } });
  let stopped: Promise<void> | undefined;

  return {
    endpoint,
    region,
    accountId,
    credentials: CREDENTIALS,
    s3,
    requests,
    faults,
    sagemakerClientConfig: config,
    sagemakerRuntimeClientConfig: config,
    cloudWatchLogsClientConfig: config,
    stsClientConfig: config,
    iamClientConfig: config,
    s3ClientConfig: () => ({
      endpoint: s3.endpoint,
      region,
      credentials: { ...CREDENTIALS },
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    setEndpointHandler(endpointName, handler) {
      requireText('endpointName', endpointName);
      if (typeof handler !== 'function') throw new ValidationError('handler', handler, 'a function');
      endpointHandlers.set(endpointName, handler);
    },
    failJob(jobName, reason) {
      requireText('jobName', jobName);
      requireText('reason', reason);
      jobs.fail(jobName, reason);
    },
    failEndpoint(endpointName, reason) {
      requireText('endpointName', endpointName);
      requireText('reason', reason);
      ctx.pendingFailures.set(`endpoint:${endpointName}`, reason);
    },
    appendLog(logGroupName, logStreamName, message) {
      logs.append(logGroupName, logStreamName, message);
    },
    stop() {
      stopped ??= (async () => {
        scheduler.stop();
        jobs.abortAll();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await s3.stop();
        if (ctx.backgroundErrors.length) {
          throw new AggregateError(ctx.backgroundErrors, 'clarify-ts/testing: background work of the emulator failed');
        }
      })();
      return stopped;
    },
  };
}

function requireText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) throw new ValidationError(field, value, 'a non-empty string');
}
