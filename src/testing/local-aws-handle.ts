/** The {@link LocalAws} a test holds: client configurations, controls and `stop()`. */
import { ValidationError } from '../errors.js';
import type { EmulatedServices } from './emulated-services.js';
import type { ResolvedOptions } from './local-aws-options.js';
import type { LocalAws, LocalClientConfig } from './local-aws-types.js';
import type { RunningS3 } from './local-s3.js';
import { type LoopbackServer, closeServer } from './loopback-server.js';

/** s3rver only accepts its built-in access key; the other services do not check signatures. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** The handle on a started emulator: its S3, its wired services and its HTTP server. */
export function localAwsHandle(settings: ResolvedOptions, s3: RunningS3, services: EmulatedServices, http: LoopbackServer): LocalAws {
  const { region, accountId } = settings;
  const { ctx, jobs, endpointHandlers, faults, requests } = services;
  const { endpoint } = http;
  const config = (): LocalClientConfig => ({ endpoint, region, credentials: { ...CREDENTIALS } });
  let stopped: Promise<void> | undefined;

  return {
    endpoint,
    region,
    accountId,
    credentials: CREDENTIALS,
    // Exactly what LocalAwsS3 declares: the running server's `stop` belongs to `aws.stop()`,
    // which also closes the HTTP server and removes the folder in order.
    s3: {
      endpoint: s3.endpoint,
      directory: s3.directory,
      createBucket: s3.createBucket.bind(s3),
      putObject: s3.putObject.bind(s3),
      getObject: s3.getObject.bind(s3),
      listObjects: s3.listObjects.bind(s3),
    },
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
      ctx.logs.append(logGroupName, logStreamName, message);
    },
    stop() {
      stopped ??= (async () => {
        ctx.scheduler.stop();
        jobs.abortAll();
        await closeServer(http.server);
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
